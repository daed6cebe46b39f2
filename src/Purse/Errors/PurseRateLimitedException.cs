namespace Purse;

/// <summary>Too many requests (429). Wait <see cref="RetryAfter"/> before trying again.</summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
/// <param name="retryAfter">The delay Purse asked for.</param>
public sealed class PurseRateLimitedException(string message, PurseErrorResponse response, TimeSpan? retryAfter)
    : PurseApiException(message, response)
{
    /// <summary>
    /// The delay Purse asked for in <c>Retry-After</c>, when it gave one; <see cref="TimeSpan.MaxValue"/> when it is
    /// longer than a TimeSpan holds.
    /// </summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
