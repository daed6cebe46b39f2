using Purse.Models;
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

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    // ---- eligibility and signing ---------------------------------------------------------

    public List<EligibleSolution> EligibleSolutions(long amount, Currency currency) =>
        options.EligibleSolutions.Where(r => r.Matches(amount, currency))
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

    public string CreateRedirectionData(Guid paymentId, TimeSpan? lifetime)
    {
        var payment = State.Payments.TryGetValue(paymentId, out var record)
            ? record.Read()
            : throw new ArgumentException($"The emulator has no payment with id {paymentId}.", nameof(paymentId));
        var sessionStatus = payment.ClientSessionId is { } sessionId && State.ClientSessions.TryGetValue(sessionId, out var session)
            ? session.Read().Status?.Value
            : null;
        var claims = new Dictionary<string, object>
        {
            ["payment_id"] = payment.Id.ToString(),
            ["authorization_status"] = payment.Authorization?.Status?.Value ?? "",
        };
        if (payment.ClientSessionId is { } id)
        {
            claims["client_session_id"] = id.ToString();
        }
        if (sessionStatus is not null)
        {
            claims["client_session_status"] = sessionStatus;
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
            throw EmulatorProblem.InvalidField("/amount", "amount must be greater than 0 (0 is allowed only with allow_future_usage: true).");
        }
    }

    public void Dispose()
    {
        Signer.Dispose();
        Webhooks.Dispose();
    }
}
