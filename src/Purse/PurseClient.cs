namespace Purse;

/// <summary>The facade: one object per resource group, all sharing the authenticated HTTP pipeline.</summary>
internal sealed class PurseClient(
    [FromKeyedServices] IClientSessions clientSessions,
    [FromKeyedServices] IPayments payments,
    [FromKeyedServices] IPaymentLinks paymentLinks,
    [FromKeyedServices] IEligibleSolutions eligibleSolutions,
    [FromKeyedServices] IRedirectionVerifier redirection,
    [FromKeyedServices] IPurseWebhooks webhooks
) : IPurseClient
{
    public IClientSessions ClientSessions { get; } = clientSessions;

    public IPayments Payments { get; } = payments;

    public IPaymentLinks PaymentLinks { get; } = paymentLinks;

    public IEligibleSolutions EligibleSolutions { get; } = eligibleSolutions;

    public IRedirectionVerifier Redirection { get; } = redirection;

    public IPurseWebhooks Webhooks { get; } = webhooks;
}
