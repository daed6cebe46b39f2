namespace Purse;

/// <summary>The facade: one object per resource group, all sharing the authenticated HTTP pipeline.</summary>
internal sealed class PurseClient : IPurseClient
{
    public PurseClient(
        IClientSessions clientSessions,
        IPayments payments,
        IPaymentLinks paymentLinks,
        IEligibleSolutions eligibleSolutions,
        IRedirectionVerifier redirection,
        IPurseWebhooks webhooks)
    {
        ClientSessions = clientSessions;
        Payments = payments;
        PaymentLinks = paymentLinks;
        EligibleSolutions = eligibleSolutions;
        Redirection = redirection;
        Webhooks = webhooks;
    }

    public IClientSessions ClientSessions { get; }

    public IPayments Payments { get; }

    public IPaymentLinks PaymentLinks { get; }

    public IEligibleSolutions EligibleSolutions { get; }

    public IRedirectionVerifier Redirection { get; }

    public IPurseWebhooks Webhooks { get; }
}
