namespace Purse;

internal sealed class PaymentLinks(
    [FromKeyedServices] PurseApiCaller caller,
    [FromKeyedServices] RequestChecks checks,
    [FromKeyedServices] IOptions<PurseClientOptions> settings
) : IPaymentLinks
{
    public Task<PaymentLink> CreateAsync(
        CreatePaymentLinkRequest request,
        PurseWriteOptions? options,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = checks.EntityId(request.EntityId);
        if (request.Amount < 1)
        {
            throw new PurseInvalidRequestException(
                "amount",
                $"The amount must be at least one minor unit (is {request.Amount})."
            );
        }
        if (!Money.IsCurrencyCode(request.Currency))
        {
            throw new PurseInvalidRequestException(
                "currency",
                $"'{request.Currency.Value}' is not an ISO 4217 currency code."
            );
        }
        if (request.ShopperRedirectionUrl is { IsAbsoluteUri: false } url)
        {
            throw new PurseInvalidRequestException(
                "shopper_redirection_url",
                $"The URL must be absolute (is '{url}')."
            );
        }
        RequiredFields.Check(request);
        OrderCurrency.Check(request.Order, request.Currency, "the payment link");
        var key = IdempotencyKeys.For(options?.IdempotencyKey, "IdempotencyKey");
        var asked = EarlierCreation.Of(request.Amount, request.Currency, request.Order);
        var write = new PurseWrite<PaymentLink>(
            Subject: "the payment link creation",
            ResourceId: null,
            IdempotencyKey: key,
            MayRetry: settings.Value.Resilience.RetryCreatesAndAbort,
            KeyDocumented: false,
            // The write-conflict names the link created first: this request's, or another's with the same key.
            FindEarlierResult: (id, ct) => ReadCreatedAsync(id, asked, ct)
        );
        return caller.CallAsync(
            PurseOperations.CreatePaymentLink,
            (raw, ct) => raw.CreatePaymentLinkAsync(body: request, x_idempotency_key: key, cancellationToken: ct),
            cancellationToken,
            write: write
        );
    }

    public Task<PaymentLink> GetAsync(Guid paymentLinkId, CancellationToken cancellationToken = default)
    {
        RequestChecks.Id(paymentLinkId, nameof(paymentLinkId));
        return caller.CallAsync(
            PurseOperations.GetPaymentLink,
            (raw, ct) => raw.GetPaymentLinkAsync(paymentLinkId, cancellationToken: ct),
            cancellationToken,
            about: paymentLinkId
        );
    }

    /// <summary>The payment link a write-conflict of a creation named, when this request can have made it.</summary>
    private async Task<PaymentLink?> ReadCreatedAsync(
        Guid id,
        EarlierCreation asked,
        CancellationToken cancellationToken
    )
    {
        var link = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return asked.IsMadeBy(link.Amount, link.Currency, link.Order) ? link : null;
    }
}
