using Purse.Models;

namespace Purse;

/// <summary>Webhook parsing and verification by re-fetch. (Implementation: issue 5.)</summary>
internal sealed class PurseWebhooks : IPurseWebhooks
{
    private readonly IPayments _payments;

    public PurseWebhooks(IPayments payments) => _payments = payments;

    public Payment Parse(string body) => throw new NotImplementedException("Webhook parsing is not built yet.");

    public Task<Payment> VerifyByRefetchAsync(Payment webhookPayment, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException($"Webhook verification is not built yet ({_payments}).");
}
