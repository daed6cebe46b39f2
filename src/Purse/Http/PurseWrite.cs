namespace Purse;

/// <summary>
/// What makes a call a write that may move money: its idempotency key, fixed before the first attempt; whether it
/// may be retried with that key; and how to find the result Purse already holds for the key, when Purse answers
/// 409 write-conflict.
/// </summary>
/// <param name="Subject">The write in words, for messages: <c>the capture of payment …</c>, <c>the payment
/// creation</c>.</param>
/// <param name="ResourceId">The payment of a capture, refund or void, the client session of an abort; null for a
/// create.</param>
/// <param name="IdempotencyKey">The key every attempt carries.</param>
/// <param name="MayRetry">Whether the call may be retried with its key (captures, refunds, voids; creates and aborts on
/// request).</param>
/// <param name="KeyDocumented">Whether Purse documents the key for this operation (captures, refunds and
/// voids).</param>
/// <param name="FindEarlierResult">
/// Reads the result that <c>resource_id</c> of a write-conflict names: the resource as it is now, or null when it does
/// not hold that result (the key was used for another operation). A read failure throws.
/// </param>
internal sealed record PurseWrite<T>(
    string Subject,
    Guid? ResourceId,
    string IdempotencyKey,
    bool MayRetry,
    bool KeyDocumented,
    Func<Guid, CancellationToken, Task<T?>> FindEarlierResult
)
    where T : class;
