namespace Purse;

/// <summary>The default <see cref="IPurseTokenCache"/>: one token in memory.</summary>
internal sealed class InMemoryPurseTokenCache : IPurseTokenCache
{
    private PurseAccessToken? _token;

    public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) => new(Volatile.Read(ref _token));

    public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _token, token);
        return default;
    }

    /// <summary>Forgets the token only if it is still the one refused (a newer one may be there already).</summary>
    public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _token, null, token);
        return default;
    }
}
