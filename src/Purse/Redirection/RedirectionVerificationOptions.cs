namespace Purse;

/// <summary>How redirection data is verified.</summary>
public sealed class RedirectionVerificationOptions
{
    /// <summary>How long fetched signing keys are trusted before they are fetched again. Default one hour.</summary>
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The least time between two key fetches caused by an unknown <c>kid</c>, so forged tokens
    /// cannot make the client flood Purse. Default 30 seconds.
    /// </summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tolerated clock difference when checking <c>exp</c>. Default 2 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);
}
