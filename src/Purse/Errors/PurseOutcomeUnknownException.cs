namespace Purse;

/// <summary>
/// A capture, refund, void, create or abort was sent and no definite answer came back, even after the retries the
/// client makes: it may have been carried out. <see cref="IdempotencyKey"/> is what makes resuming safe: call the
/// same method again with it (<see cref="PaymentOperationOptions.IdempotencyKey"/>,
/// <see cref="PurseWriteOptions.IdempotencyKey"/>)
/// and Purse carries the operation out at most once, answering a key it already processed with the earlier result;
/// or read the resource. <see cref="Exception.InnerException"/> is the last failure (a
/// <see cref="PurseConnectionException"/>, a <see cref="PurseServerException"/>, …).
/// </summary>
/// <param name="message">The message.</param>
/// <param name="operation">The operation, e.g. <c>POST payment/v2/payments/{id}/captures</c>.</param>
/// <param name="resourceId">The payment of a capture, refund or void, the client session of an abort; null for a
/// create.</param>
/// <param name="idempotencyKey">The key the request was sent with.</param>
/// <param name="innerException">The last failure.</param>
public sealed class PurseOutcomeUnknownException(
    string message,
    string operation,
    Guid? resourceId,
    string idempotencyKey,
    Exception? innerException
) : PurseException(message, innerException)
{
    /// <summary>The operation, e.g. <c>POST payment/v2/payments/{id}/captures</c>.</summary>
    public string Operation { get; } = operation;

    /// <summary>The payment of a capture, refund or void, the client session of an abort; null for a create.</summary>
    public Guid? ResourceId { get; } = resourceId;

    /// <summary>The idempotency key the request was sent with: send it again to resume.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;

    /// <inheritdoc />
    public override PurseOutcome Outcome => PurseOutcome.Unknown;
}
