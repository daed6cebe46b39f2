namespace Purse;

/// <summary>
/// One operation of the Purse API as the facade calls it: what messages and telemetry call it, and how it may be
/// retried. The catalogue is <see cref="PurseOperations"/>.
/// </summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathTemplate">The path as the spec writes it, without a leading slash:
/// <c>payment/v2/payments/{id}</c>.</param>
/// <param name="OperationId">The spec's operationId, e.g. <c>getPayment</c>.</param>
/// <param name="Kind">Whether it moves money, and so how it is retried.</param>
internal sealed record PurseOperation(HttpMethod Method, string PathTemplate, string OperationId, OperationKind Kind)
{
    /// <summary>The operation in messages, logs and telemetry: <c>GET payment/v2/payments/{id}</c>.</summary>
    public string Name { get; } = $"{Method.Method} {PathTemplate}";

    public override string ToString() => Name;
}

/// <summary>What an operation does at Purse, which decides whether and how it is retried.</summary>
internal enum OperationKind
{
    /// <summary>Moves nothing (the reads, and the eligible-solutions query): retried on transient failures.</summary>
    Read,

    /// <summary>
    /// Moves money (capture, refund, void): carries an idempotency key, and is retried with it where its outcome is
    /// unknown; Purse documents that it carries a key out at most once.
    /// </summary>
    KeyedWrite,

    /// <summary>
    /// Creates or changes a resource (client session, payment, payment link, abort): carries an idempotency key, but
    /// is retried only with <see cref="PurseResilienceOptions.RetryCreatesAndAbort"/> (the docs name the key for
    /// captures, refunds and voids only).
    /// </summary>
    KeyedWriteOnce,
}
