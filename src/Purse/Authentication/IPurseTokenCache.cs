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

    /// <summary>
    /// Called by the one renewal in flight in this process, after the cache held no fresh token and
    /// before the token endpoint is asked. A cache shared between instances uses it so that one
    /// instance asks while the others wait for the token it stores: it returns a token for which
    /// <paramref name="isFresh"/> is true (the endpoint is then not asked), or null to ask the
    /// token endpoint. The default returns null at once. It should return within a few seconds;
    /// the client stops waiting after <see cref="PurseClientOptions.TokenRequestTimeout"/> and
    /// treats an exception as null: a shared store never stops this instance from getting a token.
    /// <paramref name="cancellationToken"/> is cancelled when this renewal ends, however it ends (the token stored,
    /// the request failed): a cache that returned null while holding a shared lock may keep it alive until then.
    /// </summary>
    ValueTask<PurseAccessToken?> WaitForSharedRenewalAsync(
        Func<PurseAccessToken, bool> isFresh,
        CancellationToken cancellationToken
    ) => ValueTask.FromResult<PurseAccessToken?>(null);
}
