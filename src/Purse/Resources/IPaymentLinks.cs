using Purse.Models;

namespace Purse;

/// <summary>Payment links.</summary>
public interface IPaymentLinks
{
    /// <summary>Reads a payment link.</summary>
    Task<PaymentLink> GetAsync(Guid paymentLinkId, CancellationToken cancellationToken = default);
}
