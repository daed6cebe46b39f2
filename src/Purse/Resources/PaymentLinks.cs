using Purse.Models;

namespace Purse;

internal sealed class PaymentLinks : IPaymentLinks
{
    private readonly PurseApiCaller _caller;
    private readonly RequestChecks _checks;

    public PaymentLinks(PurseApiCaller caller, RequestChecks checks)
    {
        _caller = caller;
        _checks = checks;
    }

    public Task<PaymentLink> CreateAsync(CreatePaymentLinkRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = _checks.EntityId(request.EntityId);
        if (request.Amount < 1)
        {
            throw new PurseInvalidRequestException("amount", $"The amount must be at least one minor unit (is {request.Amount}).");
        }
        if (!Money.IsCurrencyCode(request.Currency))
        {
            throw new PurseInvalidRequestException("currency", $"'{request.Currency.Value}' is not an ISO 4217 currency code.");
        }
        if (request.ShopperRedirectionUrl is null)
        {
            throw new PurseInvalidRequestException("shopper_redirection_url", "This field is required by the API but is null.");
        }
        if (!request.ShopperRedirectionUrl.IsAbsoluteUri)
        {
            throw new PurseInvalidRequestException("shopper_redirection_url", $"The URL must be absolute (is '{request.ShopperRedirectionUrl}').");
        }
        RequiredFields.Check(request);
        return _caller.CallAsync("POST payment/v2/payment-links", isRead: false,
            (raw, ct) => raw.CreatePaymentLinkAsync(request, ct), cancellationToken);
    }

    public Task<PaymentLink> GetAsync(Guid paymentLinkId, CancellationToken cancellationToken = default)
    {
        RequestChecks.Id(paymentLinkId, nameof(paymentLinkId));
        return RequestChecks.SameIdAsync(
            _caller.CallAsync("GET payment/v2/payment-links/{id}", isRead: true,
                (raw, ct) => raw.GetPaymentLinkAsync(paymentLinkId, ct), cancellationToken),
            paymentLinkId, link => link.Id, "payment link");
    }
}
