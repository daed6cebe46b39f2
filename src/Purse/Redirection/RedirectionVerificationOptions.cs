namespace Purse;

/// <summary>How redirection data is verified.</summary>
public sealed class RedirectionVerificationOptions
{
    /// <summary>
    /// How long fetched signing keys are trusted before they are fetched again. Default one hour.
    /// Once it is over, keys already known keep verifying while the refresh is in flight or
    /// failing, for at most one more such period; a successful refresh replaces them at once.
    /// </summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The least time between two key fetch attempts, whatever caused them (first use, expired
    /// cache, unknown <c>kid</c>) and however they ended (failed, abandoned by their callers), so
    /// forged tokens cannot make the client flood Purse. Default 30 seconds.
    /// </summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tolerated clock difference when checking <c>exp</c>. Default 2 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);
}
