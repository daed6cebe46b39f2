using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace Purse.Caching;

/// <summary>
/// The short-lived "an instance is renewing the token" key. Whoever sets it first asks the token
/// endpoint; the others wait for the token it stores. It holds a random id, nothing secret.
/// </summary>
internal interface IRenewalMarker
{
    /// <summary>
    /// Acquired when <paramref name="owner"/> now holds the marker: it was absent, or it already held it (a renewal
    /// of this instance that failed, or one keeping its marker alive), in which case its lifetime starts again.
    /// Otherwise, how long the holder's marker still lives, when the store can tell.
    /// </summary>
    Task<MarkerAttempt> TryAcquireAsync(
        string key,
        string owner,
        TimeSpan lifetime,
        CancellationToken cancellationToken
    );

    /// <summary>Removes the marker if <paramref name="owner"/> still holds it.</summary>
    Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken);
}

/// <summary>What an attempt to take the renewal marker found.</summary>
/// <param name="Acquired">True when the caller now holds the marker.</param>
/// <param name="HolderTimeLeft">
/// When another instance holds it: how long its marker still lives, if the store can tell. A holder whose token
/// request is slow extends its marker, so a time left that grows between two attempts means the holder is alive.
/// </param>
internal readonly record struct MarkerAttempt(bool Acquired, TimeSpan? HolderTimeLeft);

/// <summary>
/// Redis: one script, atomic on the server: <c>SET key owner PX lifetime</c> if the key is absent
/// (the conditional write), <c>PEXPIRE</c> if the owner already holds it, else the holder's <c>PTTL</c>;
/// released by a compare-and-delete script.
/// </summary>
internal sealed class RedisRenewalMarker(PurseRedisConnection connection) : IRenewalMarker
{
    private const string AcquireScript = """
        local holder = redis.call('get', KEYS[1])
        if holder == false then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return {1, 0} end
        if holder == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return {1, 0} end
        return {0, redis.call('pttl', KEYS[1])}
        """;

    private const string ReleaseScript =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    public async Task<MarkerAttempt> TryAcquireAsync(
        string key,
        string owner,
        TimeSpan lifetime,
        CancellationToken cancellationToken
    )
    {
        var database = (await connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
        var milliseconds = (long)Math.Ceiling(lifetime.TotalMilliseconds);
        var result = (RedisResult[])
            (
                await database
                    .ScriptEvaluateAsync(AcquireScript, [key], [owner, milliseconds])
                    .WaitAsync(cancellationToken)
                    .ConfigureAwait(false)
            )!;
        var (acquired, timeLeft) = ((long)result[0] == 1, (long)result[1]);
        // PTTL is -1 for a marker without expiry and -2 for one that just expired: no time left worth reading.
        return new(acquired, acquired || timeLeft < 0 ? null : TimeSpan.FromMilliseconds(timeLeft));
    }

    public async Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        var database = (await connection.GetAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();
        await database
            .ScriptEvaluateAsync(ReleaseScript, [key], [owner])
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
    }
}

/// <summary>
/// Any other <see cref="IDistributedCache"/>, which has no conditional write: read, write, read
/// back. Two instances racing within one round trip may both win (both ask the token endpoint).
/// </summary>
internal sealed class DistributedCacheRenewalMarker(IDistributedCache cache) : IRenewalMarker
{
    public async Task<MarkerAttempt> TryAcquireAsync(
        string key,
        string owner,
        TimeSpan lifetime,
        CancellationToken cancellationToken
    )
    {
        // No time left can be read here: waiting instances give up after RenewalLockTime, as before.
        if (await cache.GetStringAsync(key, cancellationToken).ConfigureAwait(false) is { } holder && holder != owner)
        {
            return new(false, null);
        }
        await cache
            .SetStringAsync(
                key,
                owner,
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime },
                cancellationToken
            )
            .ConfigureAwait(false);
        return new(await cache.GetStringAsync(key, cancellationToken).ConfigureAwait(false) == owner, null);
    }

    public async Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        if (await cache.GetStringAsync(key, cancellationToken).ConfigureAwait(false) == owner)
        {
            await cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The one Redis connection of the token cache, shared by its <c>RedisCache</c> (the
/// <see cref="IDistributedCache"/> under HybridCache) and the renewal marker. It never refuses to
/// start when Redis is down (<c>abortConnect=false</c>) and fails commands at once while
/// disconnected (no backlog), so an outage costs a call nothing but the in-memory cache.
/// </summary>
internal sealed class PurseRedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;

    public PurseRedisConnection(string configuration, TimeSpan operationTimeout)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        var milliseconds = (int)Math.Clamp(operationTimeout.TotalMilliseconds, 100, int.MaxValue);
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, milliseconds);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, milliseconds);
        options.SyncTimeout = Math.Min(options.SyncTimeout, milliseconds);
        _connection = new(async () => await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false));
    }

    public Task<IConnectionMultiplexer> GetAsync(CancellationToken cancellationToken) =>
        _connection.Value.WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await (await _connection.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }
}
