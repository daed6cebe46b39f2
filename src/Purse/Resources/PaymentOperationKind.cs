namespace Purse;

/// <summary>Capture, refund and void: what tells them apart for the calls that make them.</summary>
internal sealed class PaymentOperationKind
{
    public static readonly PaymentOperationKind Capture = new(
        "capture",
        PurseOperations.CapturePayment,
        (raw, id, body, key, ct) =>
            raw.CapturePaymentAsync(id, body: body, x_idempotency_key: key, cancellationToken: ct),
        payment => payment.Captures
    );

    public static readonly PaymentOperationKind Refund = new(
        "refund",
        PurseOperations.RefundPayment,
        (raw, id, body, key, ct) =>
            raw.RefundPaymentAsync(id, body: body, x_idempotency_key: key, cancellationToken: ct),
        payment => payment.Refunds
    );

    public static readonly PaymentOperationKind Void = new(
        "void",
        PurseOperations.VoidPayment,
        (raw, id, body, key, ct) => raw.VoidPaymentAsync(id, body: body, x_idempotency_key: key, cancellationToken: ct),
        payment => payment.Voids
    );

    private readonly Func<Payment, ICollection<PaymentOperation>?> _operationsOf;

    private PaymentOperationKind(
        string noun,
        PurseOperation operation,
        Func<IRawPurseClient, Guid, PaymentOperationRequest, string, CancellationToken, Task<Payment>> send,
        Func<Payment, ICollection<PaymentOperation>?> operationsOf
    )
    {
        Noun = noun;
        Operation = operation;
        Send = send;
        _operationsOf = operationsOf;
    }

    /// <summary><c>capture</c>, <c>refund</c> or <c>void</c>.</summary>
    public string Noun { get; }

    /// <summary>The operation, e.g. <c>POST payment/v2/payments/{id}/captures</c>.</summary>
    public PurseOperation Operation { get; }

    /// <summary>Sends the operation with its idempotency key.</summary>
    public Func<IRawPurseClient, Guid, PaymentOperationRequest, string, CancellationToken, Task<Payment>> Send { get; }

    /// <summary>The payment's operations of this kind (its captures, refunds or voids).</summary>
    public IEnumerable<PaymentOperation> OperationsOf(Payment payment) => _operationsOf(payment) ?? [];
}
