namespace Purse;

/// <summary>
/// Where the access token is kept between calls. The default keeps it in memory, per process;
/// register another implementation (before or after <c>AddPurseClient</c>) to share one token
/// between instances. Implementations must be thread-safe.
/// </summary>
public interface IPurseTokenCache
{
    /// <summary>The cached token, or null.</summary>
    ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the cached token.</summary>
    ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets <paramref name="token"/> (Purse refused it) if it is still the cached one; a newer
    /// token that another caller already stored is kept.
    /// </summary>
    ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken);
}
