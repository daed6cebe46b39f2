namespace Purse;

/// <summary>
/// Retries and timeouts of API calls. Only reads (GET) are retried: Purse publishes no
/// idempotency key, so a create, capture, refund, void or abort that may have reached Purse is
/// never sent twice.
/// </summary>
public sealed class PurseResilienceOptions
{
    /// <summary>How many times a failed GET is retried (0 disables retries). Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; later retries back off exponentially, with jitter. Default 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two retries, including one asked for by <c>Retry-After</c>. Default 30 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of one attempt. Default 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of a whole call, retries included. Default 90 seconds.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);
}
