using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Testing.State;
using Purse.Testing.Validation;

namespace Purse.Testing;

/// <summary>Client sessions: create, read (expiry), abort, and the shopper submitting one.</summary>
internal sealed partial class EmulatorCore
{
    public ClientSession CreateClientSession(CreateClientSessionRequest request)
    {
        RequireEntity(request.EntityId);
        RequireAmount(request.Amount, request.AllowFutureUsage);
        if (request.CaptureDelay is not null && request.CaptureMode != CaptureMode.Automatic)
        {
            throw EmulatorProblem.InvalidField(
                "/capture_delay",
                "capture_delay is only allowed with capture_mode AUTOMATIC."
            );
        }
        var session = Snapshot.AsResource<ClientSession>(request, Guid.NewGuid());
        session.AdditionalProperties.Clear();
        session.Status = ClientSessionStatus.Created;
        session.CaptureMode ??= CaptureMode.Manual;
        session.IntegrationMode ??= IntegrationMode.Embedded;
        session.ExpiresAt = Now + Options.ClientSessionLifetime;
        session.EligibleSolutions = EligibleSolutions(request.Amount, request.Currency);
        session.Widget = new Widget
        {
            JsUrl = new Uri("https://widget.purse-emulator.invalid/v2/purse-widget.js"),
            Data = Convert.ToBase64String(
                Encoding.UTF8.GetBytes(
                    new JObject { ["client_session_id"] = session.Id.ToString() }.ToString(Formatting.None)
                )
            ),
        };
        session.Links = new Links
        {
            ["self"] = new Link { Href = $"/payment/v2/client-sessions/{session.Id}", Method = "GET" },
        };
        if (session.IntegrationMode == IntegrationMode.HostedPage)
        {
            // Documented as a plain URL string (https://docs.purse.tech/docs/integrate/purse-checkout/hosted-page),
            // https://pay.purse-{env}.com/entities/{entity-id}/sessions/{client-session-id}; the emulator's page
            // is on its own server when one runs (HostedPages).
            var page = HostedPages.SessionUrl(session.EntityId ?? Options.EntityId, session.Id);
            session.Links[LinkRelations.HostedPage] = Link.FromUrl(page);
        }
        State.ClientSessions[session.Id] = new Record<ClientSession>(session);
        return Snapshot.Copy(session);
    }

    public ClientSession GetClientSession(Guid id) => SessionRecord(id).Update(ExpireIfDue);

    public ClientSession AbortClientSession(Guid id, ClientSessionAbortStatus status) =>
        SessionRecord(id)
            .Update(session =>
            {
                ExpireIfDue(session);
                if (session.Status != ClientSessionStatus.Created)
                {
                    throw EmulatorProblem.InvalidField(
                        "/status",
                        $"The client session is {session.Status?.Value}: only a CREATED session can be aborted."
                    );
                }
                session.Status = new ClientSessionStatus(status.Value);
            });

    /// <summary>The shopper pays in the widget: a payment is made for the session, which becomes SUBMITTED.</summary>
    public async Task<Payment> SubmitClientSessionAsync(
        Guid id,
        IReadOnlyList<SplitCandidate>? split,
        Func<AuthorizationScenario, AuthorizationStatus> authorize,
        CancellationToken cancellationToken
    )
    {
        var session = GetClientSession(id);
        if (session.Status != ClientSessionStatus.Created)
        {
            throw new InvalidOperationException(
                $"The client session {id} is {session.Status?.Value}: only a CREATED session can be paid."
            );
        }
        var request = new CreatePaymentRequest
        {
            Amount = session.Amount ?? 0,
            Currency = session.Currency ?? Currency.Eur,
            EntityId = session.EntityId ?? Options.EntityId,
            CaptureMode = session.CaptureMode,
            ShopperRedirectionUrl = session.ShopperRedirectionUrl,
            Order = session.Order ?? new Order(),
            Customer = session.Customer,
            Webhook = session.Webhook,
            AllowFutureUsage = session.AllowFutureUsage,
            Split = split?.ToList(),
        };
        var payment = await CreatePaymentAsync(request, p => p.ClientSessionId = id, authorize, cancellationToken)
            .ConfigureAwait(false);
        SessionRecord(id)
            .Update(s =>
            {
                s.Status = ClientSessionStatus.Submitted;
                s.PaymentId = payment.Id;
            });
        return payment;
    }

    private static void ExpireIfDue(ClientSession session, DateTimeOffset now)
    {
        if (session.Status == ClientSessionStatus.Created && session.ExpiresAt <= now)
        {
            session.Status = ClientSessionStatus.Expired;
        }
    }

    private void ExpireIfDue(ClientSession session) => ExpireIfDue(session, Now);

    private Record<ClientSession> SessionRecord(Guid id) =>
        State.ClientSessions.TryGetValue(id, out var record)
            ? record
            : throw EmulatorProblem.NotFound($"No client session with id {id}.");
}
