namespace Purse;

/// <summary>How redirection data is verified.</summary>
public sealed class RedirectionVerificationOptions
{
    /// <summary>
    /// How long fetched signing keys are trusted before they are fetched again. Default one hour.
    /// Once it is over, keys already known keep verifying while the refresh is in flight or
    /// failing, for at most one more such period; a successful refresh replaces them at once.
    /// More than zero, at most one day.
    /// </summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The least time between two key fetch attempts, whatever caused them (first use, expired
    /// cache, unknown <c>kid</c>) and however they ended (failed, abandoned by their callers), so
    /// forged tokens cannot make the client flood Purse. Default 30 seconds. Zero or more, at most
    /// <see cref="KeyCacheDuration"/>.
    /// </summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tolerated clock difference when checking <c>exp</c> and <c>nbf</c>. Default 2 minutes; zero to one
    /// hour.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);
}
