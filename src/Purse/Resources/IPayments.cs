namespace Purse;

/// <summary>Payments (tag <c>payment</c>).</summary>
public interface IPayments
{
    /// <summary>
    /// Creates a payment. An empty <c>EntityId</c> is filled from the options. The split is
    /// checked before anything is sent. Sent with an idempotency key (a new UUID); not retried unless
    /// <see cref="PurseResilienceOptions.RetryCreatesAndAbort"/> is set (Purse documents the key for captures,
    /// refunds and voids only). When it may have been carried out, throws <see cref="PurseOutcomeUnknownException"/>.
    /// </summary>
    Task<Payment> CreateAsync(CreatePaymentRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync(request, options: null, cancellationToken);

    /// <summary>Creates a payment (see <see cref="CreateAsync(CreatePaymentRequest, CancellationToken)"/>) with your
    /// own idempotency key.</summary>
    Task<Payment> CreateAsync(
        CreatePaymentRequest request,
        PurseWriteOptions? options,
        CancellationToken cancellationToken = default
    );

    /// <summary>
    /// Reads a payment. With <paramref name="maxAge"/>, Purse may answer from its own copy
    /// (<c>Cache-Control: max-age</c>) instead of asking the partners.
    /// </summary>
    Task<Payment> GetAsync(Guid paymentId, TimeSpan? maxAge = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Captures <paramref name="amount"/> of an authorized payment, exactly once: the request carries an idempotency
    /// key (<see cref="PaymentOperationOptions.IdempotencyKey"/>, else a new UUID) and is retried with it after a
    /// timeout, a dropped connection, 502/503/504 or 429. A key Purse already processed ends in the payment as it is
    /// now. When the capture may have happened but no answer says so, throws
    /// <see cref="PurseOutcomeUnknownException"/> (call again with its key); any other exception means it did not
    /// happen.
    /// </summary>
    Task<Payment> CaptureAsync(
        Guid paymentId,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    );

    /// <summary>Refunds <paramref name="amount"/> of what was captured, exactly once (as
    /// <see cref="CaptureAsync"/>).</summary>
    Task<Payment> RefundAsync(
        Guid paymentId,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    );

    /// <summary>Voids <paramref name="amount"/> of what is authorized and not captured, exactly once (as
    /// <see cref="CaptureAsync"/>).</summary>
    Task<Payment> VoidAsync(
        Guid paymentId,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    );
}

/// <summary>Optional fields of a capture, refund or void.</summary>
public sealed record PaymentOperationOptions
{
    /// <summary>The operation's reference in the merchant's system, e.g. <c>CAP#1223445</c>.</summary>
    public string? MerchantReference { get; init; }

    /// <summary>The part of the order the operation concerns.</summary>
    public PaymentOperationOrder? Order { get; init; }

    /// <summary>
    /// Which partner transactions to process first (built with <see cref="OperationPriorities"/>). Null:
    /// Purse's default order (captures take gift cards first, refunds take credit cards first). Documented on
    /// https://docs.purse.tech/docs/references/glossary/payment/operations; the wire field's name is not
    /// published (<c>priorities</c> is the spec's guess).
    /// </summary>
    public IReadOnlyList<OperationPriority>? Priorities { get; init; }

    /// <summary>
    /// The operation's idempotency key (<c>x-idempotency-key</c>): null, a new UUID per call. Give your own, derived
    /// from what the operation is in your system (e.g. <c>capture-{orderId}-{shipmentId}</c>), so that a retry after a
    /// crash, or from another process, carries the same key and Purse carries the operation out once. Printable
    /// ASCII, 1 to 255 characters; checked before anything is sent. See docs/idempotency.md.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>Optional settings of a create or an abort.</summary>
public sealed record PurseWriteOptions
{
    /// <summary>
    /// The request's idempotency key (<c>x-idempotency-key</c>): null, a new UUID per call. Printable ASCII, 1 to 255
    /// characters; checked before anything is sent. Purse documents the key for captures, refunds and voids; that it
    /// honours it on creates and aborts is inferred (docs/idempotency.md).
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
