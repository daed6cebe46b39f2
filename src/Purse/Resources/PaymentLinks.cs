using Purse.Models;

namespace Purse;

internal sealed class PaymentLinks : IPaymentLinks
{
    private readonly PurseApiCaller _caller;

    public PaymentLinks(PurseApiCaller caller) => _caller = caller;

    public Task<PaymentLink> GetAsync(Guid paymentLinkId, CancellationToken cancellationToken = default)
    {
        RequestChecks.Id(paymentLinkId, nameof(paymentLinkId));
        return _caller.CallAsync("GET payment/v2/payment-links/{id}", isRead: true,
            (raw, ct) => raw.GetPaymentLinkAsync(paymentLinkId, ct), cancellationToken);
    }
}
