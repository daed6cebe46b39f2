namespace Purse;

internal sealed class Payments(
    [FromKeyedServices] PurseApiCaller caller,
    [FromKeyedServices] RequestChecks checks,
    [FromKeyedServices] IOptions<PurseClientOptions> settings
) : IPayments
{
    public Task<Payment> CreateAsync(
        CreatePaymentRequest request,
        PurseWriteOptions? options,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = checks.EntityId(request.EntityId);
        SplitValidation.Validate(request);
        RequiredFields.Check(request);
        OrderCurrency.Check(request.Order, request.Currency, "the payment");
        var key = IdempotencyKeys.For(options?.IdempotencyKey, "IdempotencyKey");
        var asked = EarlierCreation.Of(request.Amount, request.Currency, request.Order);
        var write = new PurseWrite<Payment>(
            Subject: "the payment creation",
            ResourceId: null,
            IdempotencyKey: key,
            MayRetry: settings.Value.Resilience.RetryCreatesAndAbort,
            KeyDocumented: false,
            FindEarlierResult: (id, ct) => ReadCreatedAsync(id, asked, ct)
        );
        return caller.CallAsync(
            PurseOperations.CreatePayment,
            (raw, ct) => raw.CreatePaymentAsync(body: request, x_idempotency_key: key, cancellationToken: ct),
            cancellationToken,
            write: write
        );
    }

    public Task<Payment> GetAsync(
        Guid paymentId,
        TimeSpan? maxAge = null,
        CancellationToken cancellationToken = default
    )
    {
        RequestChecks.Id(paymentId, nameof(paymentId));
        if (maxAge < TimeSpan.Zero)
        {
            throw new PurseInvalidRequestException(
                nameof(maxAge),
                $"The maximum age cannot be negative (is {maxAge})."
            );
        }
        var cacheControl = maxAge is { } age
            ? "max-age=" + ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture)
            : null;
        return caller.CallAsync(
            PurseOperations.GetPayment,
            (raw, ct) => raw.GetPaymentAsync(paymentId, cache_Control: cacheControl, cancellationToken: ct),
            cancellationToken,
            about: paymentId
        );
    }

    public Task<Payment> CaptureAsync(
        Guid paymentId,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    ) => OperateAsync(PaymentOperationKind.Capture, paymentId, amount, options, cancellationToken);

    public Task<Payment> RefundAsync(
        Guid paymentId,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    ) => OperateAsync(PaymentOperationKind.Refund, paymentId, amount, options, cancellationToken);

    public Task<Payment> VoidAsync(
        Guid paymentId,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    ) => OperateAsync(PaymentOperationKind.Void, paymentId, amount, options, cancellationToken);

    /// <summary>
    /// A capture, refund or void: the amount travels as minor units only, the answer must be about this payment, and
    /// the call is retried with its idempotency key where its outcome is unknown.
    /// </summary>
    private Task<Payment> OperateAsync(
        PaymentOperationKind kind,
        Guid paymentId,
        Money amount,
        PaymentOperationOptions? options,
        CancellationToken cancellationToken
    )
    {
        RequestChecks.Id(paymentId, nameof(paymentId));
        var body = OperationRequest(amount, options);
        var key = IdempotencyKeys.For(options?.IdempotencyKey, "IdempotencyKey");
        var write = new PurseWrite<Payment>(
            Subject: $"the {kind.Noun} of payment {paymentId}",
            ResourceId: paymentId,
            IdempotencyKey: key,
            MayRetry: true,
            KeyDocumented: true,
            FindEarlierResult: (operationId, ct) => ReadOperationAsync(paymentId, kind, operationId, body, ct)
        );
        return caller.CallAsync(
            kind.Operation,
            (raw, ct) => kind.Send(raw, paymentId, body, key, ct),
            cancellationToken,
            about: paymentId,
            write: write
        );
    }

    /// <summary>
    /// The body of a capture, refund or void: the amount in minor units only, the operation being in the payment's
    /// currency (<see cref="PaymentsExtensions"/> checks it against the payment when there is one).
    /// </summary>
    /// <exception cref="PurseInvalidRequestException">The amount is not above zero.</exception>
    internal static PaymentOperationRequest OperationRequest(Money amount, PaymentOperationOptions? options)
    {
        RequestChecks.PositiveAmount(amount);
        return new PaymentOperationRequest
        {
            Amount = amount.MinorUnits,
            MerchantReference = options?.MerchantReference,
            Order = options?.Order,
            Priorities = OperationPriorities.ToWire(options?.Priorities),
        };
    }

    /// <summary>
    /// The payment, when it holds the operation a write-conflict named and that operation is this request's: of this
    /// kind, for this amount and, when both have one, this merchant reference. Null when it is not (the key was
    /// used for another operation): a key kept by mistake must not report an operation that did not happen.
    /// </summary>
    private async Task<Payment?> ReadOperationAsync(
        Guid paymentId,
        PaymentOperationKind kind,
        Guid operationId,
        PaymentOperationRequest request,
        CancellationToken cancellationToken
    )
    {
        var payment = await GetAsync(paymentId, maxAge: null, cancellationToken).ConfigureAwait(false);
        var named = kind.OperationsOf(payment).FirstOrDefault(operation => operation.Id == operationId);
        return named is not null && IsMadeBy(named, request) ? payment : null;
    }

    /// <summary>
    /// Whether <paramref name="operation"/> can be the one <paramref name="request"/> asked for. What the answer
    /// leaves out (an amount, a merchant reference) is no difference.
    /// </summary>
    private static bool IsMadeBy(PaymentOperation operation, PaymentOperationRequest request)
    {
        var sameAmount = operation.Amount is null || operation.Amount == request.Amount;
        var sameReference =
            request.MerchantReference is null
            || operation.MerchantReference is null
            || operation.MerchantReference == request.MerchantReference;
        return sameAmount && sameReference;
    }

    /// <summary>The payment a write-conflict of a creation named, when this request can have made it.</summary>
    private async Task<Payment?> ReadCreatedAsync(
        Guid paymentId,
        EarlierCreation asked,
        CancellationToken cancellationToken
    )
    {
        var payment = await GetAsync(paymentId, maxAge: null, cancellationToken).ConfigureAwait(false);
        return asked.IsMadeBy(payment.Amount, payment.Currency, payment.Order) ? payment : null;
    }
}
