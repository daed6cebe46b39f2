namespace Purse;

/// <summary>Payment links ("Pay by Link": a shareable URL that opens Purse's hosted payment page).</summary>
public interface IPaymentLinks
{
    /// <summary>
    /// Creates a payment link (<c>POST /payment/v2/payment-links</c>). This operation is documented on
    /// https://docs.purse.tech/docs/integrate/purse-checkout/pay-by-link, not in the rendered API reference.
    /// <c>entity_id</c> (an empty <c>EntityId</c> is filled from the options), <c>amount</c> (at least one
    /// minor unit), <c>currency</c>, <c>shopper_redirection_url</c> (absolute) and <c>order</c> are required:
    /// a request without one is refused before anything is sent. The URL to send the shopper is
    /// <see cref="PaymentLink.HostedPageUrl"/> of the answer.
    /// </summary>
    /// <exception cref="PurseInvalidRequestException">A required field is missing or invalid;
    /// <see cref="PurseInvalidRequestException.Field"/> names it.</exception>
    Task<PaymentLink> CreateAsync(CreatePaymentLinkRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync(request, options: null, cancellationToken);

    /// <summary>Creates a payment link with your own idempotency key.</summary>
    Task<PaymentLink> CreateAsync(
        CreatePaymentLinkRequest request,
        PurseWriteOptions? options,
        CancellationToken cancellationToken = default
    );

    /// <summary>Reads a payment link.</summary>
    Task<PaymentLink> GetAsync(Guid paymentLinkId, CancellationToken cancellationToken = default);
}
