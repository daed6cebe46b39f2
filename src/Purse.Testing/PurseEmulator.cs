using System.Net;
using Purse.Models;
using Purse.Testing.HostedPage;
using Purse.Testing.Hosting;
using Purse.Testing.Routing;
using Purse.Testing.Webhooks;

namespace Purse.Testing;

/// <summary>
/// An emulator of the Purse Payment API v2 that keeps state and enforces Purse's rules.
/// Use it in-process through <see cref="CreateHandler"/> (one handler serves the token
/// endpoint and the API), or start a loopback server with <see cref="StartServerAsync(CancellationToken)"/>.
/// Configure a client with <see cref="BaseAddress"/>, <see cref="ClientId"/>,
/// <see cref="ClientSecret"/>, <see cref="ApiKey"/> and <see cref="EntityId"/>.
/// </summary>
public sealed class PurseEmulator : IAsyncDisposable
{
    /// <summary>The base address in-process clients use; no request leaves the process.</summary>
    public static readonly Uri InProcessBaseAddress = new("https://api.purse-emulator.invalid/");

    private readonly EmulatorCore _core;
    private readonly PurseApi _api;
    private PurseEmulatorServer? _server;

    /// <summary>Creates an emulator with <paramref name="options"/> (defaults when null).</summary>
    public PurseEmulator(EmulatorOptions? options = null)
    {
        Options = options ?? new EmulatorOptions();
        _core = new EmulatorCore(Options);
        _api = new PurseApi(_core);
    }

    /// <summary>The options this emulator runs with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The merchant entity id to send as <c>entity_id</c>.</summary>
    public Guid EntityId => Options.EntityId;

    /// <summary>The OAuth2 client id the token endpoint accepts.</summary>
    public string ClientId => Options.ClientId;

    /// <summary>The OAuth2 client secret the token endpoint accepts.</summary>
    public string ClientSecret => Options.ClientSecret;

    /// <summary>The <c>x-api-key</c> every call must carry.</summary>
    public string ApiKey => Options.ApiKey;

    /// <summary>The server's address once started, else <see cref="InProcessBaseAddress"/>.</summary>
    public Uri BaseAddress => _server?.BaseAddress ?? InProcessBaseAddress;

    /// <summary>The token endpoint under <see cref="BaseAddress"/>.</summary>
    public Uri TokenEndpoint => new(BaseAddress, "oauth/token");

    /// <summary>The webhooks sent so far, oldest first.</summary>
    public IReadOnlyList<WebhookDelivery> WebhookDeliveries => _core.Webhooks.Deliveries;

    /// <summary>The signing keys, as <c>GET /payment/v2/signing-jwks</c> answers them.</summary>
    public Jwks SigningJwks => _core.Signer.Jwks();

    /// <summary>
    /// A handler that serves every request in-process (any host: only the path is routed).
    /// Each call returns a new handler over the same state.
    /// </summary>
    public HttpMessageHandler CreateHandler() => new EmulatorHttpMessageHandler(_api, Options.MaxRequestBodySize);

    /// <summary>An HttpClient over <see cref="CreateHandler"/> with <see cref="BaseAddress"/> set.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler()) { BaseAddress = InProcessBaseAddress };

    /// <summary>
    /// Starts Kestrel on 127.0.0.1 and a free port; <see cref="BaseAddress"/> points at it until
    /// the server is disposed (the emulator disposes it too).
    /// </summary>
    public Task<PurseEmulatorServer> StartServerAsync(CancellationToken cancellationToken) =>
        StartServerAsync(0, cancellationToken);

    /// <summary>
    /// Starts Kestrel on 127.0.0.1 and <paramref name="port"/> (0: a free port), e.g. a fixed port
    /// that a shop's configuration names; <see cref="BaseAddress"/> points at it until the server is
    /// disposed (the emulator disposes it too).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The port is not 0 to 65535.</exception>
    /// <exception cref="IOException">The port is taken (the message names it).</exception>
    public async Task<PurseEmulatorServer> StartServerAsync(int port, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        if (_server is not null)
        {
            throw new InvalidOperationException("The emulator's server is already started: " + _server.BaseAddress);
        }
        var pages = new HostedPageEndpoint(_core);
        _server = await PurseEmulatorServer
            .StartAsync(_api, pages, port, Options.MaxRequestBodySize, StoppedServing, cancellationToken)
            .ConfigureAwait(false);
        // Sessions and links created from now on send the shopper to this server's hosted page.
        _core.HostedPages.BaseAddress = _server.BaseAddress;
        return _server;
    }

    private void StoppedServing()
    {
        _server = null;
        _core.HostedPages.BaseAddress = HostedPages.Offline;
    }

    /// <summary>A copy of a payment's current state, or null when there is none.</summary>
    public Payment? FindPayment(Guid paymentId) =>
        _core.State.Payments.TryGetValue(paymentId, out var record) ? record.Read() : null;

    /// <summary>A copy of a client session's current state, or null when there is none.</summary>
    public ClientSession? FindClientSession(Guid clientSessionId) =>
        _core.State.ClientSessions.TryGetValue(clientSessionId, out var record) ? record.Read() : null;

    /// <summary>
    /// Plays the shopper paying in the widget: creates the session's payment (with
    /// <paramref name="split"/>, or the first eligible solution) and marks the session SUBMITTED.
    /// </summary>
    public Task<Payment> PayClientSessionAsync(
        Guid clientSessionId,
        IReadOnlyList<SplitCandidate>? split,
        CancellationToken cancellationToken
    ) => _core.SubmitClientSessionAsync(clientSessionId, split, Options.Authorize, cancellationToken);

    /// <summary>
    /// As <see cref="PayClientSessionAsync(Guid, IReadOnlyList{SplitCandidate}?, CancellationToken)"/>, every split
    /// item authorized with <paramref name="outcome"/> (instead of <see cref="EmulatorOptions.Authorize"/>), as a
    /// person chooses it on the hosted page.
    /// </summary>
    public Task<Payment> PayClientSessionAsync(
        Guid clientSessionId,
        IReadOnlyList<SplitCandidate>? split,
        AuthorizationStatus outcome,
        CancellationToken cancellationToken
    ) => _core.SubmitClientSessionAsync(clientSessionId, split, _ => outcome, cancellationToken);

    /// <summary>Settles a PENDING authorization to <paramref name="status"/> (webhook sent; AUTOMATIC mode
    /// captures).</summary>
    public Task<Payment> CompleteAuthorizationAsync(
        Guid paymentId,
        AuthorizationStatus status,
        CancellationToken cancellationToken
    ) => _core.CompleteAuthorizationAsync(paymentId, status, cancellationToken);

    /// <summary>
    /// How <paramref name="partner"/> (as in <c>split[].partner</c>; <c>"*"</c> for every partner)
    /// answers its part of the next captures, refunds and voids, e.g.
    /// <c>emulator.Partner("illicado").FailNextCapture()</c>. Without instructions a partner succeeds.
    /// </summary>
    public PartnerScenario Partner(string partner) => _core.Partners.For(partner);

    /// <summary>HTTP faults (429, 5xx, slow answers, dropped connections) armed per operation.</summary>
    public EmulatorFaults Faults => _core.Faults;

    /// <summary>
    /// Plays the partners' late answers: every PENDING or UNCERTAIN part of every capture, refund and
    /// void becomes <paramref name="outcome"/> (SUCCESS or FAILURE), the operations' statuses and the
    /// amounts follow, and each changed payment sends a webhook. Returns the changed payments.
    /// </summary>
    public Task<IReadOnlyList<Payment>> CompletePendingOperationsAsync(
        PartnerOutcome outcome = PartnerOutcome.Success,
        CancellationToken cancellationToken = default
    ) => _core.CompletePendingOperationsAsync(outcome, cancellationToken);

    /// <summary>Completes when every webhook retry scheduled so far has run or been given up (advance a fake clock
    /// first).</summary>
    public Task WebhookRetriesSettledAsync(CancellationToken cancellationToken) =>
        _core.Webhooks.RetriesSettledAsync(cancellationToken);

    /// <summary>Creates an OPENED payment link (the spec only reads links; Purse creates them from its back
    /// office).</summary>
    public PaymentLink CreatePaymentLink(
        long amount,
        Currency currency,
        Order? order = null,
        CaptureMode? captureMode = null,
        TimeSpan? lifetime = null,
        Uri? webhookUrl = null
    ) => _core.CreatePaymentLink(amount, currency, order, captureMode, lifetime, webhookUrl);

    /// <summary>Plays the shopper paying through a link: the first authorized attempt makes it PAID.</summary>
    public Task<Payment> PayPaymentLinkAsync(
        Guid paymentLinkId,
        IReadOnlyList<SplitCandidate>? split,
        CancellationToken cancellationToken
    ) => _core.PayPaymentLinkAsync(paymentLinkId, split, Options.Authorize, cancellationToken);

    /// <summary>As the overload without outcome, every split item authorized with <paramref name="outcome"/>.</summary>
    public Task<Payment> PayPaymentLinkAsync(
        Guid paymentLinkId,
        IReadOnlyList<SplitCandidate>? split,
        AuthorizationStatus outcome,
        CancellationToken cancellationToken
    ) => _core.PayPaymentLinkAsync(paymentLinkId, split, _ => outcome, cancellationToken);

    /// <summary>
    /// The <c>purse-redirection-data</c> Purse appends to the shopper redirection URL for a
    /// payment: a compact JWS (RS256, <c>kid</c> of <see cref="SigningJwks"/>) with
    /// client_session_id, payment_id, authorization_status, client_session_status, iat and exp.
    /// For a payment the emulator does not hold, it signs what a forger would want: that
    /// <paramref name="paymentId"/>, AUTHORIZED, a new client session id, SUBMITTED (a tampering
    /// test needs no second payment).
    /// </summary>
    public string CreateRedirectionData(Guid paymentId, TimeSpan? lifetime = null) =>
        _core.CreateRedirectionData(paymentId, lifetime);

    /// <summary>
    /// Redirection data with exactly these claims, signed by this emulator whatever it holds: for
    /// tampering tests (an AUTHORIZED claim about a refused payment, another session's id, ...).
    /// </summary>
    public string CreateRedirectionData(
        Guid paymentId,
        AuthorizationStatus authorizationStatus,
        Guid? clientSessionId = null,
        ClientSessionStatus? clientSessionStatus = null,
        TimeSpan? lifetime = null
    ) => _core.CreateRedirectionData(paymentId, authorizationStatus, clientSessionId, clientSessionStatus, lifetime);

    /// <summary>Stops the server if one was started and releases the signing key.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
        _core.Dispose();
    }
}
