using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Purse.Caching;
using Purse.Tests.Support;
using StackExchange.Redis;

namespace Purse.Tests.Caching;

/// <summary>
/// The distributed token cache (Purse.Caching) against a real redis-server started by the test
/// (127.0.0.1, a free port, a temporary directory, no persistence). Each replica is a service
/// provider of its own, as in separate processes; they share Redis and the Data Protection key ring.
/// </summary>
[NonParallelizable]
public sealed class DistributedTokenCacheTests
{
    private const int Replicas = 8;
    private RedisServer _redis = null!;
    private DirectoryInfo _keyRing = null!;

    [OneTimeSetUp]
    public void StartRedis()
    {
        _redis = RedisServer.Start();
        _keyRing = Directory.CreateTempSubdirectory("purse-keyring-");
        // The key ring exists before the replicas start (in production it is shared storage
        // provisioned once), so no replica creates a key of its own on a cold start.
        using var provider = new ServiceCollection()
            .AddDataProtection()
            .PersistKeysToFileSystem(_keyRing)
            .SetApplicationName("purse-replicas")
            .Services.BuildServiceProvider();
        provider
            .GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("warm-up")
            .Protect("key ring created"u8.ToArray());
    }

    [OneTimeTearDown]
    public void StopRedis()
    {
        _redis.Dispose();
        _keyRing.Delete(recursive: true);
    }

    [Test]
    public async Task Eight_replicas_cold_starting_together_make_one_token_request()
    {
        const int Rounds = 5;
        var perRound = new List<int>();
        for (var round = 0; round < Rounds; round++)
        {
            // A fresh prefix: every round is a cold start (no token in Redis).
            var prefix = $"purse-cold-{round}-{Guid.NewGuid():N}:";
            var server = new PurseStub { TokenLatency = TimeSpan.FromMilliseconds(200) };
            var replicas = Enumerable
                .Range(0, Replicas)
                .Select(_ => Replica.Start(server, _redis.Configuration, _keyRing, o => o.KeyPrefix = prefix))
                .ToList();
            try
            {
                var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var calls = replicas
                    .SelectMany(replica =>
                        Enumerable
                            .Range(0, 4)
                            .Select(async _ =>
                            {
                                await go.Task;
                                await replica.Client.Payments.GetAsync(FacadeSamples.PaymentId);
                            })
                    )
                    .ToList();
                go.SetResult();
                await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

                perRound.Add(server.TokenRequests);
                Assert.That(
                    server.BearerTokens.Distinct().ToList(),
                    Is.EqualTo(new[] { SecretLeakGuard.Token(1) }),
                    "every API request of every replica carried the one token"
                );
            }
            finally
            {
                foreach (var replica in replicas)
                {
                    await replica.DisposeAsync();
                }
            }
        }

        TestContext.Out.WriteLine(
            $"{Replicas} replicas sharing one Redis, cold start, {Rounds} rounds: token requests per round = "
                + $"[{string.Join(", ", perRound)}], N = {perRound.Max()}"
        );
        Assert.That(perRound, Is.All.EqualTo(1), "one token request for all replicas, in every round");
    }

    [Test]
    public async Task The_default_clients_shared_token_cache_is_also_resolved_without_a_key()
    {
        // As an application written before named clients resolves it (the package's consumer check does).
        var server = new PurseStub();
        var prefix = $"purse-unkeyed-{Guid.NewGuid():N}:";
        await using var replica = Replica.Start(server, _redis.Configuration, _keyRing, o => o.KeyPrefix = prefix);
        await replica.Client.Payments.GetAsync(FacadeSamples.PaymentId);

        var unkeyed = replica.Services.GetRequiredService<IPurseTokenCache>();
        var keyed = replica.Services.GetRequiredKeyedService<IPurseTokenCache>(PurseClientRegistration.DefaultName);
        var cached = await unkeyed.GetAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(unkeyed, Is.SameAs(keyed), "one cache for the default client, with or without a key");
            Assert.That(unkeyed.GetType().Assembly.GetName().Name, Is.EqualTo("Purse.Caching"));
            Assert.That(cached?.Value, Is.EqualTo(server.BearerTokens.Single()), "the token the call used");
        });
    }

    [Test]
    public async Task The_bytes_stored_in_Redis_contain_no_token()
    {
        var prefix = $"purse-rest-{Guid.NewGuid():N}:";
        var server = new PurseStub();
        await using (var replica = Replica.Start(server, _redis.Configuration, _keyRing, o => o.KeyPrefix = prefix))
        {
            await replica.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        }
        var token = SecretLeakGuard.Token(1);
        Assert.That(server.BearerTokens, Does.Contain(token));

        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        var stored = await DumpAsync(redis, prefix);

        var tokenKey = stored.Keys.Single(k => k.StartsWith(prefix + "token:", StringComparison.Ordinal));
        var raw = string.Concat(stored.Values.Select(bytes => Encoding.Latin1.GetString(bytes)));
        Assert.Multiple(() =>
        {
            Assert.That(stored[tokenKey], Has.Length.GreaterThan(50), "the token entry holds the encrypted token");
            Assert.That(raw, Does.Not.Contain(token));
            Assert.That(raw, Does.Not.Contain(SecretLeakGuard.TokenMarker));
            Assert.That(raw, Does.Not.Contain("LEAKCHECK"));
            Assert.That(raw, Does.Not.Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes(token))[..16]));
            Assert.That(raw, Does.Not.Contain(SecretLeakGuard.ClientId), "the key holds a hash, not the client id");
        });
    }

    [Test]
    public async Task A_Redis_outage_mid_run_fails_no_call_and_tokens_are_still_renewed()
    {
        using var redis = RedisServer.Start(); // its own server: this test kills it
        var prefix = $"purse-outage-{Guid.NewGuid():N}:";
        // 2 s tokens are renewed after 1 s (half their lifetime), so renewals happen during the outage.
        var server = new PurseStub { ExpiresIn = 2 };
        var replicas = Enumerable
            .Range(0, 2)
            .Select(_ => Replica.Start(server, redis.Configuration, _keyRing, o =>
                {
                    o.KeyPrefix = prefix;
                    o.OperationTimeout = TimeSpan.FromMilliseconds(300);
                    o.OutageBackoff = TimeSpan.FromMilliseconds(500);
                }))
            .ToList();
        var failures = new ConcurrentQueue<Exception>();
        var successesAfterStop = 0;
        var stopped = false;
        var clock = Stopwatch.StartNew();
        try
        {
            var workers = replicas
                .SelectMany(replica =>
                    Enumerable
                        .Range(0, 4)
                        .Select(_ =>
                            Task.Run(async () =>
                            {
                                while (clock.Elapsed < TimeSpan.FromSeconds(5))
                                {
                                    try
                                    {
                                        await replica.Client.Payments.GetAsync(FacadeSamples.PaymentId);
                                        if (Volatile.Read(ref stopped))
                                        {
                                            Interlocked.Increment(ref successesAfterStop);
                                        }
                                    }
                                    catch (Exception exception)
                                    {
                                        failures.Enqueue(exception);
                                    }
                                    await Task.Delay(10);
                                }
                            })
                        )
                )
                .ToList();
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var tokensBeforeStop = server.TokenRequests;
            redis.Stop();
            Volatile.Write(ref stopped, true);
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

            foreach (var failure in failures)
            {
                SecretLeakGuard.Record(failure);
            }
            Assert.Multiple(() =>
            {
                Assert.That(failures, Is.Empty, () => $"{failures.Count} calls failed; first: {failures.First()}");
                Assert.That(successesAfterStop, Is.GreaterThan(50), "calls went on after Redis stopped");
                Assert.That(
                    server.TokenRequests,
                    Is.GreaterThan(tokensBeforeStop),
                    "tokens were renewed during the outage"
                );
                Assert.That(
                    replicas
                        .SelectMany(r => r.Logs.GetSnapshot())
                        .Any(l => l.Message.Contains("the shared store failed", StringComparison.Ordinal)),
                    Is.True,
                    "the outage was logged"
                );
            });
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task With_Redis_down_from_the_start_the_first_call_succeeds()
    {
        var server = new PurseStub();
        await using var replica = Replica.Start(server, $"127.0.0.1:{FreePortWithNothingListening()}", _keyRing, o =>
            o.OperationTimeout = TimeSpan.FromMilliseconds(300)
        );

        var payment = await replica
            .Client.Payments.GetAsync(FacadeSamples.PaymentId)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
        Assert.That(server.TokenRequests, Is.EqualTo(1));
    }

    [Test]
    public async Task A_renewal_marker_left_by_a_dead_instance_delays_a_renewal_by_the_lock_time_only()
    {
        var prefix = $"purse-dead-{Guid.NewGuid():N}:";
        var server = new PurseStub();
        await using var replica = Replica.Start(server, _redis.Configuration, _keyRing, o =>
        {
            o.KeyPrefix = prefix;
            o.RenewalLockTime = TimeSpan.FromMilliseconds(700);
        });
        var marker = DistributedPurseTokenCache.KeysFor(replica.ClientOptions, prefix).Marker;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        // An instance that set the marker and died: it outlives the lock time.
        await redis.GetDatabase().StringSetAsync(marker, "dead-instance", TimeSpan.FromMinutes(1));

        var clock = Stopwatch.StartNew();
        await replica.Client.Payments.GetAsync(FacadeSamples.PaymentId).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(
                clock.Elapsed,
                Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(600)),
                "it waited for the other instance's token"
            );
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "then asked by itself");
            Assert.That(server.TokenRequests, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task After_its_own_token_request_failed_an_instance_retries_at_once_despite_its_marker()
    {
        var prefix = $"purse-retry-{Guid.NewGuid():N}:";
        var server = new PurseStub { FailFirstTokenRequests = 1 };
        await using var replica = Replica.Start(server, _redis.Configuration, _keyRing, o =>
        {
            o.KeyPrefix = prefix;
            o.RenewalLockTime = TimeSpan.FromSeconds(20);
        });
        var failure = Assert.ThrowsAsync<PurseAuthenticationException>(() =>
            replica.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );
        SecretLeakGuard.Record(failure!);
        var marker = DistributedPurseTokenCache.KeysFor(replica.ClientOptions, prefix).Marker;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        Assert.That(await redis.GetDatabase().KeyExistsAsync(marker), Is.True, "the failed renewal left its marker");

        var clock = Stopwatch.StartNew();
        await replica.Client.Payments.GetAsync(FacadeSamples.PaymentId).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(
                clock.Elapsed,
                Is.LessThan(TimeSpan.FromSeconds(5)),
                "it did not wait for its own marker (lock time 20 s)"
            );
            Assert.That(server.TokenRequests, Is.EqualTo(2));
        });
        Assert.That(
            await redis.GetDatabase().KeyExistsAsync(marker),
            Is.False,
            "the marker is released once the token is stored"
        );
    }

    // Issue 21, item 9: the marker lived RenewalLockTime whatever the token request took, so a slow request let
    // every other instance start its own.
    [Test]
    public async Task A_token_request_slower_than_the_lock_time_keeps_its_marker_and_the_others_wait_for_its_token()
    {
        var prefix = $"purse-slow-{Guid.NewGuid():N}:";
        var server = new PurseStub { TokenLatency = TimeSpan.FromMilliseconds(1500) };
        Action<PurseDistributedTokenCacheOptions> options = o =>
        {
            o.KeyPrefix = prefix;
            o.RenewalLockTime = TimeSpan.FromMilliseconds(400);
        };
        await using var renewer = Replica.Start(server, _redis.Configuration, _keyRing, options);
        await using var other = Replica.Start(server, _redis.Configuration, _keyRing, options);

        var first = renewer.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        await Task.Delay(TimeSpan.FromMilliseconds(700)); // the marker's 400 ms are over; the token request is not
        var second = other.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(server.TokenRequests, Is.EqualTo(1), "the other instance waited for the slow request's token");
            Assert.That(server.BearerTokens.Distinct(), Is.EqualTo(new[] { SecretLeakGuard.Token(1) }));
        });
    }

    [Test]
    public async Task A_replica_that_cannot_decrypt_the_shared_token_renews_its_own()
    {
        var prefix = $"purse-keys-{Guid.NewGuid():N}:";
        var server = new PurseStub();
        await using var first = Replica.Start(server, _redis.Configuration, _keyRing, o => o.KeyPrefix = prefix);
        await first.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        var otherKeys = Directory.CreateTempSubdirectory("purse-other-keyring-");
        try
        {
            await using var stranger = Replica.Start(server, _redis.Configuration, otherKeys, o =>
                o.KeyPrefix = prefix
            );

            await stranger.Client.Payments.GetAsync(FacadeSamples.PaymentId);

            Assert.That(
                server.TokenRequests,
                Is.EqualTo(2),
                "the stranger could not read the shared token, so it asked for one"
            );
            Assert.That(
                stranger
                    .Logs.GetSnapshot()
                    .Any(l => l.Message.Contains("cannot be decrypted", StringComparison.Ordinal)),
                Is.True
            );
        }
        finally
        {
            otherKeys.Delete(recursive: true);
        }
    }

    // Issue 21, item 7: anyone who can write to the store could hand one entity's token to another.
    [Test]
    public async Task A_token_copied_under_another_clients_key_is_a_miss_for_that_client_and_is_logged()
    {
        var prefix = $"purse-bound-{Guid.NewGuid():N}:";
        var server = new PurseStub();
        await using var entityA = Replica.Start(
            server,
            _redis.Configuration,
            _keyRing,
            o => o.KeyPrefix = prefix,
            c => c.ClientId = "entity-a"
        );
        await using var entityB = Replica.Start(
            server,
            _redis.Configuration,
            _keyRing,
            o => o.KeyPrefix = prefix,
            c => c.ClientId = "entity-b"
        );
        await entityA.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        // Copy the stored (encrypted) token, as anyone who can write to the store can: read through HybridCache, which
        // checks the key of its own envelope, and write it back under B's key.
        await using var store = new ServiceCollection()
            .AddStackExchangeRedisCache(o => o.Configuration = _redis.Configuration)
            .AddHybridCache()
            .Services.BuildServiceProvider();
        var hybrid = store.GetRequiredService<HybridCache>();
        var noLocalCache = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableLocalCache };
        var storedForA = await hybrid.GetOrCreateAsync(
            DistributedPurseTokenCache.KeysFor(entityA.ClientOptions, prefix).Token,
            _ => ValueTask.FromResult<string?>(null),
            new HybridCacheEntryOptions { Flags = noLocalCache.Flags | HybridCacheEntryFlags.DisableUnderlyingData }
        );
        Assert.That(storedForA, Is.Not.Null, "entity A's token is in the store");
        var keyOfB = DistributedPurseTokenCache.KeysFor(entityB.ClientOptions, prefix).Token;
        await hybrid.SetAsync(keyOfB, storedForA, noLocalCache);

        await entityB.Client.Payments.GetAsync(FacadeSamples.PaymentId);

        Assert.Multiple(() =>
        {
            Assert.That(
                server.BearerTokens.Last(),
                Is.EqualTo(SecretLeakGuard.Token(2)),
                "entity B used a token of its own"
            );
            Assert.That(server.TokenRequests, Is.EqualTo(2));
            Assert.That(
                entityB
                    .Logs.GetSnapshot()
                    .Any(l =>
                        l.Level == LogLevel.Warning
                        && l.Message.Contains("stored under another key", StringComparison.Ordinal)
                    ),
                Is.True,
                "the mismatch was logged"
            );
        });
    }

    // Issue 21, item 8: a value planted while the marker was held was read whole on every poll (2.1 GB in 5.2 s).
    [Test]
    public async Task A_large_value_planted_under_the_token_key_is_a_store_fault_and_memory_stays_bounded()
    {
        const int Planted = 32 * 1024 * 1024;
        var prefix = $"purse-planted-{Guid.NewGuid():N}:";
        var server = new PurseStub();
        await using var replica = Replica.Start(server, _redis.Configuration, _keyRing, o => o.KeyPrefix = prefix);
        var keys = DistributedPurseTokenCache.KeysFor(replica.ClientOptions, prefix);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration))
        {
            // Another instance holds the renewal marker, and 32 MiB sit under the token key.
            await redis.GetDatabase().StringSetAsync(keys.Marker, "another-instance", TimeSpan.FromMinutes(1));
        }
        var redisOptions = new RedisCacheOptions { Configuration = _redis.Configuration };
        using (var store = new RedisCache(Microsoft.Extensions.Options.Options.Create(redisOptions)))
        {
            var planted = new byte[Planted];
            new Random(21).NextBytes(planted);
            var halfAnHour = new DistributedCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(30),
            };
            await store.SetAsync(keys.Token, planted, halfAnHour);
        }

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await replica.Client.Payments.GetAsync(FacadeSamples.PaymentId).WaitAsync(TimeSpan.FromSeconds(60));
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        TestContext.Out.WriteLine(
            "32 MiB planted under the token key, renewal marker held by another instance: "
                + $"one call allocated {allocated / (1024.0 * 1024):0.0} MiB in {elapsed.TotalSeconds:0.0} s, "
                + $"{server.TokenRequests} token request(s)"
        );
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.LessThan(2 * Planted), "the planted value is not read again and again");
            Assert.That(
                elapsed,
                Is.LessThan(TimeSpan.FromSeconds(4)),
                "a store fault: no waiting out the marker (5 s)"
            );
            Assert.That(server.TokenRequests, Is.EqualTo(1));
            Assert.That(
                replica
                    .Logs.GetSnapshot()
                    .Any(l =>
                        l.Level == LogLevel.Warning
                        && l.Message.Contains("larger than a token", StringComparison.Ordinal)
                    ),
                Is.True,
                "the fault was logged"
            );
        });
    }

    [Test]
    public void Without_redis_server_on_PATH_the_fixture_fails_and_says_what_to_install()
    {
        Assert.That(RedisServer.Find("/nonexistent-dir"), Is.Null);
        Assert.That(RedisServer.Missing, Does.Contain("apt-get install -y redis-server"));
    }

    private static async Task<Dictionary<string, byte[]>> DumpAsync(IConnectionMultiplexer redis, string prefix)
    {
        var result = new Dictionary<string, byte[]>();
        var database = redis.GetDatabase();
        var endpoint = redis.GetEndPoints().Single();
        await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: prefix + "*"))
        {
            var type = await database.KeyTypeAsync(key);
            var bytes = type switch
            {
                RedisType.Hash => (await database.HashGetAllAsync(key))
                    .SelectMany(e => ((byte[])e.Name!).Concat((byte[])e.Value!))
                    .ToArray(),
                RedisType.String => (byte[])(await database.StringGetAsync(key))!,
                _ => throw new AssertionException($"unexpected Redis type {type} at {key}"),
            };
            result[key!] = bytes;
        }
        return result;
    }

    private static int FreePortWithNothingListening()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One instance of the merchant's service: its own service provider.</summary>
    [Test]
    public async Task Eight_replicas_of_two_named_clients_make_one_token_request_per_name()
    {
        // Two entities, each its own Purse double (so that its token requests are counted apart), in every replica.
        var prefix = $"purse-named-{Guid.NewGuid():N}:";
        var servers = new Dictionary<string, PurseStub>
        {
            ["shop-fr"] = new() { TokenLatency = TimeSpan.FromMilliseconds(200) },
            ["shop-de"] = new() { TokenLatency = TimeSpan.FromMilliseconds(200) },
        };
        var replicas = Enumerable
            .Range(0, Replicas)
            .Select(_ =>
            {
                var services = new ServiceCollection();
                services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
                services.AddDataProtection().PersistKeysToFileSystem(_keyRing).SetApplicationName("purse-replicas");
                foreach (var (name, server) in servers)
                {
                    services.AddPurseClient(
                        name,
                        options =>
                        {
                            options.ClientId = $"{SecretLeakGuard.ClientId}-{name}";
                            options.ClientSecret = SecretLeakGuard.ClientSecret;
                            options.ApiKey = SecretLeakGuard.ApiKey;
                            options.EntityId = FacadeHarness.EntityId;
                            options.BaseAddress = FacadeHarness.BaseAddress;
                        },
                        http => http.ConfigurePrimaryHttpMessageHandler(() => server)
                    );
                }
                services.AddPurseDistributedTokenCache(_redis.Configuration, o => o.KeyPrefix = prefix);
                return services.BuildServiceProvider();
            })
            .ToList();
        try
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var calls = replicas
                .SelectMany(replica =>
                    servers.Keys.SelectMany(name =>
                        Enumerable
                            .Range(0, 3)
                            .Select(async _ =>
                            {
                                await go.Task;
                                await replica
                                    .GetRequiredKeyedService<IPurseClient>(name)
                                    .Payments.GetAsync(FacadeSamples.PaymentId);
                            })
                    )
                )
                .ToList();
            go.SetResult();
            await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Multiple(() =>
            {
                foreach (var (name, server) in servers)
                {
                    Assert.That(server.TokenRequests, Is.EqualTo(1), $"{name}: one token request for all replicas");
                    Assert.That(
                        server.BearerTokens.Distinct().Count(),
                        Is.EqualTo(1),
                        $"{name}: every call carried its one token"
                    );
                }
            });
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private sealed class Replica : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private Replica(ServiceProvider services)
        {
            _services = services;
            Client = services.GetRequiredService<IPurseClient>();
        }

        public IPurseClient Client { get; }

        public IServiceProvider Services => _services;

        public FakeLogCollector Logs => _services.GetFakeLogCollector();

        public PurseClientOptions ClientOptions =>
            _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PurseClientOptions>>().Value;

        public static Replica Start(
            PurseStub server,
            string redis,
            DirectoryInfo keyRing,
            Action<PurseDistributedTokenCacheOptions> configure,
            Action<PurseClientOptions>? client = null
        )
        {
            var services = new ServiceCollection();
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
            services.AddDataProtection().PersistKeysToFileSystem(keyRing).SetApplicationName("purse-replicas");
            services.AddPurseClient(
                options =>
                {
                    FacadeHarness.UseTestClient(options, FacadeHarness.BaseAddress);
                    client?.Invoke(options);
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => server)
            );
            services.AddPurseDistributedTokenCache(redis, configure);
            return new Replica(services.BuildServiceProvider());
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var record in Logs.GetSnapshot())
            {
                SecretLeakGuard.Record(
                    $"log {record.Category}",
                    $"{record.Message} "
                        + $"{string.Join(" ", record.StructuredState?.Select(kv => $"{kv.Key}={kv.Value}") ?? [])} "
                        + $"{record.Exception}"
                );
            }
            await _services.DisposeAsync();
        }
    }

    /// <summary>Purse's token endpoint (counting, with latency) and the payment API, shared by the replicas.</summary>
    private sealed class PurseStub : HttpMessageHandler
    {
        private int _tokenRequests;

        public TimeSpan TokenLatency { get; init; } = TimeSpan.FromMilliseconds(20);

        public int ExpiresIn { get; init; } = 3600;

        /// <summary>The first token requests answered 500.</summary>
        public int FailFirstTokenRequests { get; init; }

        public int TokenRequests => Volatile.Read(ref _tokenRequests);

        public ConcurrentQueue<string> BearerTokens { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            if (request.RequestUri!.AbsolutePath == "/oauth/token")
            {
                var number = Interlocked.Increment(ref _tokenRequests);
                await Task.Delay(TokenLatency, cancellationToken);
                if (number <= FailFirstTokenRequests)
                {
                    return FacadeHarness.Json(HttpStatusCode.InternalServerError, "{}");
                }
                return FacadeHarness.Json(
                    HttpStatusCode.OK,
                    $$"""
                    {"access_token":"{{SecretLeakGuard.Token(number)}}","token_type":"Bearer",
                      "expires_in":{{ExpiresIn}}}
                    """
                );
            }
            if (request.Headers.Authorization?.Parameter is not { } bearer)
            {
                return new HttpResponseMessage(HttpStatusCode.Unauthorized);
            }
            BearerTokens.Enqueue(bearer);
            return FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson);
        }
    }
}
