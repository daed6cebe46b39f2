using Purse.Models;
using Purse.Testing.HostedPage;
using Purse.Testing.Scenarios;
using Purse.Testing.Signing;
using Purse.Testing.State;
using Purse.Testing.Validation;
using Purse.Testing.Webhooks;

namespace Purse.Testing;

/// <summary>
/// The emulator's domain: what each Purse operation does to the state, with Purse's rules.
/// HTTP concerns (routes, credentials, body parsing, status codes) live in
/// <see cref="Routing.PurseApi"/>; this class is shared by the HTTP paths and by the
/// <see cref="PurseEmulator"/> helpers that play the shopper's part.
/// </summary>
internal sealed partial class EmulatorCore(EmulatorOptions options) : IDisposable
{
    public EmulatorOptions Options => options;

    public EmulatorState State { get; } = new();

    public RedirectionSigner Signer { get; } = new();

    public WebhookDispatcher Webhooks { get; } = new(options);

    public PartnerScenarios Partners { get; } = new();

    public EmulatorFaults Faults { get; } = new();

    /// <summary>Where the hosted payment pages are (the emulator's server, once it runs).</summary>
    public HostedPages HostedPages { get; } = new();

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    // ---- eligibility and signing ---------------------------------------------------------

    public List<EligibleSolution> EligibleSolutions(long amount, Currency currency) =>
        options
            .EligibleSolutions.Where(r => r.Matches(amount, currency))
            .Select(r => new EligibleSolution { Partner = r.Partner, Method = r.Method })
            .ToList();

    public EligibleSolutionsResponse CheckEligibleSolutions(EligibleSolutionsRequest request)
    {
        RequireEntity(request.EntityId);
        return new EligibleSolutionsResponse
        {
            Amount = request.Amount,
            Currency = request.Currency,
            EligibleSolutions = EligibleSolutions(request.Amount, request.Currency),
        };
    }

    /// <summary>
    /// The redirection data of a payment the emulator holds, or, for one it does not hold, what a forger would
    /// want signed: that payment id, AUTHORIZED, a client session of its own, SUBMITTED (the four claims Purse always
    /// sends, so that a verifier refuses it for what it says, not for a missing claim).
    /// </summary>
    public string CreateRedirectionData(Guid paymentId, TimeSpan? lifetime)
    {
        if (!State.Payments.TryGetValue(paymentId, out var record))
        {
            return CreateRedirectionData(
                paymentId,
                AuthorizationStatus.Authorized,
                Guid.NewGuid(),
                ClientSessionStatus.Submitted,
                lifetime
            );
        }
        var payment = record.Read();
        var sessionStatus =
            payment.ClientSessionId is { } sessionId && State.ClientSessions.TryGetValue(sessionId, out var session)
                ? session.Read().Status
                : null;
        var status = payment.Authorization?.Status ?? new AuthorizationStatus("");
        return CreateRedirectionData(payment.Id, status, payment.ClientSessionId, sessionStatus, lifetime);
    }

    /// <summary>Signs exactly the claims given, whatever the emulator holds.</summary>
    public string CreateRedirectionData(
        Guid paymentId,
        AuthorizationStatus authorizationStatus,
        Guid? clientSessionId,
        ClientSessionStatus? clientSessionStatus,
        TimeSpan? lifetime
    )
    {
        var claims = new Dictionary<string, object>
        {
            ["payment_id"] = paymentId.ToString(),
            ["authorization_status"] = authorizationStatus.Value,
        };
        if (clientSessionId is { } id)
        {
            claims["client_session_id"] = id.ToString();
        }
        if (clientSessionStatus is { } sessionStatus)
        {
            claims["client_session_status"] = sessionStatus.Value;
        }
        return Signer.Sign(claims, Now, lifetime ?? options.RedirectionDataLifetime);
    }

    // ---- shared rules ----------------------------------------------------------------------

    private void RequireEntity(Guid entityId)
    {
        if (entityId != options.EntityId)
        {
            throw EmulatorProblem.Forbidden($"The credentials do not give access to entity {entityId}.");
        }
    }

    private static void RequireAmount(long amount, bool? allowFutureUsage)
    {
        if (amount < 0 || (amount == 0 && allowFutureUsage != true))
        {
            throw EmulatorProblem.InvalidField(
                "/amount",
                "amount must be greater than 0 (0 is allowed only with allow_future_usage: true)."
            );
        }
    }

    public void Dispose()
    {
        Signer.Dispose();
        Webhooks.Dispose();
    }
}
