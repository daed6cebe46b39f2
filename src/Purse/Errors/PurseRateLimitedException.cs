namespace Purse;

/// <summary>Too many requests (429). Wait <see cref="RetryAfter"/> before trying again.</summary>
public sealed class PurseRateLimitedException : PurseApiException
{
    /// <summary>Creates the error.</summary>
    public PurseRateLimitedException(string message, PurseErrorResponse response, TimeSpan? retryAfter)
        : base(message, response)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>The delay Purse asked for in <c>Retry-After</c>, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; }
}
