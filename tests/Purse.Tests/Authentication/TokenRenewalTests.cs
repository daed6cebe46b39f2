using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Authentication;

/// <summary>
/// Token renewal never wedges: a renewal that finished (even synchronously, even failed) is never
/// handed out again to a caller who found the cache stale.
/// </summary>
public sealed class TokenRenewalTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [Test]
    public async Task A_failed_token_request_answered_synchronously_is_not_handed_out_again()
    {
        var tokenRequests = 0;
        var handler = new SynchronousHandler(request =>
        {
            if (request.RequestUri!.AbsolutePath == "/oauth/token")
            {
                return ++tokenRequests == 1
                    ? FacadeHarness.Json(HttpStatusCode.InternalServerError, "{}")
                    : FacadeHarness.Json(
                        HttpStatusCode.OK,
                        $$"""
                        {"access_token":"{{SecretLeakGuard.Token(tokenRequests)}}","token_type":"Bearer",
                          "expires_in":3600}
                        """
                    );
            }
            return FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson);
        });
        await using var provider = new ServiceCollection()
            .AddPurseClient(
                options =>
                {
                    options.ClientId = SecretLeakGuard.ClientId;
                    options.ClientSecret = SecretLeakGuard.ClientSecret;
                    options.ApiKey = SecretLeakGuard.ApiKey;
                    options.BaseAddress = FacadeHarness.BaseAddress;
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => handler)
            )
            .BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();

        var outcomes = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            try
            {
                await purse.Payments.GetAsync(FacadeSamples.PaymentId);
                outcomes.Add("ok");
            }
            catch (PurseAuthenticationException exception)
            {
                SecretLeakGuard.Record(exception);
                outcomes.Add("no token");
            }
        }

        Assert.That(outcomes, Is.EqualTo(new[] { "no token", "ok", "ok", "ok" }));
        Assert.That(tokenRequests, Is.EqualTo(2), "the failure, then one token for the three calls");
    }

    [Test]
    public async Task A_token_another_instance_stored_does_not_stop_later_renewals()
    {
        var cache = new SharedTokenCache();
        using var harness = new FacadeHarness(configureServices: services =>
            services.AddSingleton<IPurseTokenCache>(cache)
        );
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        Assert.That(harness.TokensIssued, Is.EqualTo(1));

        // The token goes stale; "another instance" stores a fresh one just after this instance
        // read the stale one, so this instance's renewal finds it and completes synchronously.
        harness.Time.Advance(TimeSpan.FromMinutes(56));
        cache.OnNextStaleRead = () =>
            cache.Store(
                new PurseAccessToken(
                    "at-LEAKCHECK-other-instance",
                    harness.Time.GetUtcNow(),
                    harness.Time.GetUtcNow().AddHours(1)
                )
            );
        await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        Assert.That(
            harness.ApiRequests.Last().Headers["Authorization"],
            Is.EqualTo("Bearer at-LEAKCHECK-other-instance")
        );

        // The other instance is gone: when its token goes stale, this instance renews by itself.
        harness.Time.Advance(TimeSpan.FromMinutes(56));
        await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);

        Assert.Multiple(() =>
        {
            Assert.That(harness.TokensIssued, Is.EqualTo(2), "a new token was requested");
            Assert.That(
                harness.ApiRequests.Last().Headers["Authorization"],
                Is.EqualTo("Bearer " + SecretLeakGuard.Token(2))
            );
        });
    }

    /// <summary>
    /// Bounded stress (about 4 s): 64 workers while the API revokes the current token every
    /// 150 ms and the clock moves fast enough to make tokens stale. Token requests go on to the end.
    /// </summary>
    [Test]
    public async Task Under_revocation_and_a_moving_clock_token_requests_continue_to_the_end()
    {
        using var harness = new FacadeHarness(
            defaultTokenEndpoint: false,
            minimumLogLevel: Microsoft.Extensions.Logging.LogLevel.Warning
        );
        var valid = new ConcurrentDictionary<string, bool>();
        var tokenRequestTimes = new ConcurrentQueue<TimeSpan>();
        var clock = Stopwatch.StartNew();
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(_ =>
            {
                tokenRequestTimes.Enqueue(clock.Elapsed);
                var response = harness.IssueToken(expiresIn: 4);
                valid[SecretLeakGuard.Token(harness.TokensIssued)] = true;
                return response;
            });
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(request =>
                valid.ContainsKey(request.Headers.Authorization?.Parameter ?? "")
                    ? FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson)
                    : new HttpResponseMessage(HttpStatusCode.Unauthorized)
            );

        var duration = TimeSpan.FromSeconds(4);
        var successes = 0;
        var failures = 0;
        var workers = Enumerable
            .Range(0, 64)
            .Select(_ =>
                Task.Run(async () =>
                {
                    while (clock.Elapsed < duration)
                    {
                        try
                        {
                            await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
                            Interlocked.Increment(ref successes);
                        }
                        catch (PurseException)
                        {
                            Interlocked.Increment(ref failures);
                        }
                        await Task.Yield();
                    }
                })
            )
            .ToList();
        // Its own thread: the workers (answered synchronously) can starve the thread pool.
        var chaos = Task.Factory.StartNew(
            () =>
            {
                while (clock.Elapsed < duration)
                {
                    Thread.Sleep(150);
                    valid.Clear(); // every token issued so far is revoked
                    harness.Time.Advance(TimeSpan.FromSeconds(1)); // and tokens age
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default
        );
        await Task.WhenAll(workers.Append(chaos)).WaitAsync(TimeSpan.FromSeconds(15));

        var lastSecond = tokenRequestTimes.Count(t => t > duration - TimeSpan.FromSeconds(1));
        TestContext.Out.WriteLine(
            $"{successes} successes, {failures} failures, {tokenRequestTimes.Count} token requests, {lastSecond} in "
                + "the last second"
        );
        Assert.Multiple(() =>
        {
            Assert.That(lastSecond, Is.GreaterThan(0), "token requests continue to the end");
            Assert.That(successes, Is.GreaterThan(failures), "most calls succeed with a fresh token");
        });
    }

    /// <summary>Answers on the caller's thread: every task it returns is already complete.</summary>
    private sealed class SynchronousHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        ) => Task.FromResult(answer(request));

        // Shared by both clients: the factory must not dispose it when it recycles handlers.
        protected override void Dispose(bool disposing) { }
    }

    /// <summary>A cache shared with "another instance", which may store a token at any time.</summary>
    private sealed class SharedTokenCache : IPurseTokenCache
    {
        private PurseAccessToken? _token;

        public Action? OnNextStaleRead { get; set; }

        public void Store(PurseAccessToken token) => Volatile.Write(ref _token, token);

        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken)
        {
            var token = Volatile.Read(ref _token);
            if (OnNextStaleRead is { } hook)
            {
                OnNextStaleRead = null;
                hook();
            }
            return new(token);
        }

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            Store(token);
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            Interlocked.CompareExchange(ref _token, null, token);
            return ValueTask.CompletedTask;
        }
    }
}
