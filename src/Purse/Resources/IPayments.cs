namespace Purse;

/// <summary>Payments (tag <c>payment</c>).</summary>
public interface IPayments
{
    /// <summary>
    /// Creates a payment. An empty <c>EntityId</c> is filled from the options. The split is
    /// checked before anything is sent. Never retried: the API has no idempotency key.
    /// </summary>
    Task<Payment> CreateAsync(CreatePaymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a payment. With <paramref name="maxAge"/>, Purse may answer from its own copy
    /// (<c>Cache-Control: max-age</c>) instead of asking the partners.
    /// </summary>
    Task<Payment> GetAsync(Guid paymentId, TimeSpan? maxAge = null, CancellationToken cancellationToken = default);

    /// <summary>Captures <paramref name="amount"/> of an authorized payment.</summary>
    Task<Payment> CaptureAsync(Guid paymentId, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Refunds <paramref name="amount"/> of what was captured.</summary>
    Task<Payment> RefundAsync(Guid paymentId, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Voids <paramref name="amount"/> of what is authorized and not captured.</summary>
    Task<Payment> VoidAsync(Guid paymentId, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default);
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
}
