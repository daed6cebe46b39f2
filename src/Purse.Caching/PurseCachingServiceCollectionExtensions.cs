using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Purse;
using Purse.Caching;

// The usual home of AddXxx methods, so that they are found without another using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the distributed token cache of the Purse client (package Purse.Caching).</summary>
public static class PurseCachingServiceCollectionExtensions
{
    /// <summary>
    /// Shares the Purse access token between every instance of the service through Redis: one line,
    /// before or after <c>AddPurseClient</c>. Registers a Redis <see cref="IDistributedCache"/>
    /// (unless the application registered one already: then this method refuses at start, use the
    /// overload without <paramref name="redisConfiguration"/>), HybridCache, and Data Protection
    /// (share its key ring between instances, e.g. <c>PersistKeysToStackExchangeRedis</c>, or they
    /// cannot read each other's token and each renews its own).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="redisConfiguration">A StackExchange.Redis configuration string, e.g.
    /// <c>redis.internal:6379,ssl=true,password=...</c>.</param>
    /// <param name="configure">Optional: key prefix, renewal lock time, time limits.</param>
    public static IServiceCollection AddPurseDistributedTokenCache(
        this IServiceCollection services,
        string redisConfiguration,
        Action<PurseDistributedTokenCacheOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConfiguration);
        services.TryAddSingleton(provider => new PurseRedisConnection(
            redisConfiguration,
            provider.GetRequiredService<IOptions<PurseDistributedTokenCacheOptions>>().Value.OperationTimeout
        ));
        services.TryAddSingleton<IDistributedCache>(provider =>
        {
            var connection = provider.GetRequiredService<PurseRedisConnection>();
            return new RedisCache(
                Options.Options.Create(
                    new RedisCacheOptions
                    {
                        ConnectionMultiplexerFactory = () => connection.GetAsync(CancellationToken.None),
                    }
                )
            );
        });
        services.TryAddSingleton<IRenewalMarker>(provider =>
        {
            var cache = provider.GetRequiredService<IDistributedCache>();
            if (cache is not RedisCache)
            {
                throw new InvalidOperationException(
                    "AddPurseDistributedTokenCache(redis) shares the Purse token through Redis, but the application "
                        + $"registered another IDistributedCache ({cache.GetType().Name}) before it. Call "
                        + "AddPurseDistributedTokenCache() without a Redis configuration to use that cache instead."
                );
            }
            return new RedisRenewalMarker(provider.GetRequiredService<PurseRedisConnection>());
        });
        services.TryAddSingleton<IStoredValueSize>(provider => new RedisStoredValueSize(
            provider.GetRequiredService<PurseRedisConnection>()
        ));
        return AddCore(services, configure);
    }

    /// <summary>
    /// Shares the Purse access token between every instance through the application's own
    /// <see cref="IDistributedCache"/> (SQL Server, Redis registered by the application, ...), under
    /// HybridCache, encrypted with Data Protection. Such a cache has no conditional write, so the
    /// renewal marker is best effort: instances starting within one round trip of each other may
    /// each ask for a token (with the Redis overload, one asks).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional: key prefix, renewal lock time, time limits.</param>
    public static IServiceCollection AddPurseDistributedTokenCache(
        this IServiceCollection services,
        Action<PurseDistributedTokenCacheOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IRenewalMarker>(provider => new DistributedCacheRenewalMarker(
            provider.GetService<IDistributedCache>()
                ?? throw new InvalidOperationException(
                    "AddPurseDistributedTokenCache() uses the application's IDistributedCache, and none is "
                        + "registered: register one (e.g. AddStackExchangeRedisCache) or pass a Redis configuration."
                )
        ));
        services.TryAddSingleton<IStoredValueSize, UnknownStoredValueSize>();
        return AddCore(services, configure);
    }

    private static IServiceCollection AddCore(
        IServiceCollection services,
        Action<PurseDistributedTokenCacheOptions>? configure
    )
    {
        var options = services.AddOptions<PurseDistributedTokenCacheOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options
            .Validate(
                o =>
                    o.RenewalLockTime > TimeSpan.Zero
                    && o.PollInterval > TimeSpan.Zero
                    && o.OperationTimeout > TimeSpan.Zero
                    && o.OutageBackoff >= TimeSpan.Zero
                    && !string.IsNullOrEmpty(o.KeyPrefix),
                "PurseDistributedTokenCacheOptions: RenewalLockTime, PollInterval and OperationTimeout must be "
                    + "positive, OutageBackoff not negative, KeyPrefix not empty."
            )
            .ValidateOnStart();
        services.AddHybridCache();
        services.AddDataProtection();
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        // Every Purse client's token cache, the default one's and each named one's (whether AddPurseClient ran before
        // or
        // after this call): each in its own key space and Data Protection purpose, with its own client's options.
        services.AddKeyedSingleton<IPurseTokenCache>(KeyedService.AnyKey, (provider, key) =>
        {
            var clientName = key as string ?? Options.Options.DefaultName;
            return ActivatorUtilities.CreateInstance<DistributedPurseTokenCache>(
                provider,
                clientName,
                provider.GetRequiredKeyedService<IOptions<PurseClientOptions>>(clientName)
            );
        });
        // The default client's cache (its name is the options' default name) also without a key, as applications
        // resolved it before named clients were keyed services.
        services.TryAddSingleton(provider =>
            provider.GetRequiredKeyedService<IPurseTokenCache>(Options.Options.DefaultName)
        );
        return services;
    }
}
