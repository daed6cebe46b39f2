namespace Purse.Caching;

/// <summary>
/// The size of a stored value, asked before the value is read. A store answers a read in one piece whatever its
/// size, so a large value planted under the token key would otherwise be read whole, and again on every poll.
/// </summary>
internal interface IStoredValueSize
{
    /// <summary>
    /// The value's size in bytes (0 when absent), or null when the store cannot tell without reading it.
    /// </summary>
    Task<long?> GetAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// Redis: <c>HSTRLEN key data</c>, O(1) and nothing read. RedisCache (the <c>IDistributedCache</c> under
/// HybridCache) keeps an entry as a hash whose <c>data</c> field holds the value.
/// </summary>
internal sealed class RedisStoredValueSize(PurseRedisConnection connection) : IStoredValueSize
{
    private const string ValueField = "data";

    public async Task<long?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var database = (await connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
        return await database.HashStringLengthAsync(key, ValueField).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// The application's own <c>IDistributedCache</c>: it has no way to tell a size without reading the value.
/// HybridCache still refuses a value over its <c>MaximumPayloadBytes</c> (1 MiB by default), once read.
/// </summary>
internal sealed class UnknownStoredValueSize : IStoredValueSize
{
    public Task<long?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult<long?>(null);
}
