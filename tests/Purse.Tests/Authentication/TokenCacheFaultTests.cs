using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Authentication;

/// <summary>
/// The application's token cache failing in each way a store can: cancelling on its own (a store client's timeout,
/// a disposed connection: a token cache failure, not the caller's cancellation nor a Purse timeout), throwing,
/// stalling, ignoring cancellation, never forgetting a refused token. None of them wedges renewal or fails a call
/// for longer than the token timeout, and each failure is typed.
/// </summary>
public sealed class TokenCacheFaultTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    public static IEnumerable<TestCaseData> OwnCancellations()
    {
        Func<ValueTask<PurseAccessToken?>> thrown = () => throw new OperationCanceledException();
        yield return new TestCaseData(thrown).SetArgDisplayNames("thrown");
        yield return new TestCaseData(
            new Func<ValueTask<PurseAccessToken?>>(() =>
                new ValueTask<PurseAccessToken?>(Task.FromException<PurseAccessToken?>(new TaskCanceledException()))
            )
        ).SetArgDisplayNames("faulted task");
    }

    [TestCaseSource(nameof(OwnCancellations))]
    public async Task A_cache_cancelling_on_its_own_is_an_authentication_failure_not_a_timeout(
        Func<ValueTask<PurseAccessToken?>> read
    )
    {
        using var harness = new FacadeHarness(configureServices: s =>
            s.AddSingleton<IPurseTokenCache>(new FaultyCache(read))
        );
        harness
            .Mock.When(HttpMethod.Get, FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}")
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None)
        );

        Assert.Multiple(() =>
        {
            Assert.That(error.FromTokenEndpoint, Is.True);
            Assert.That(error.Message, Does.Contain("token cache"));
            Assert.That(harness.ApiRequests, Is.Empty);
        });
    }

    [Test]
    public void The_callers_own_cancellation_is_still_an_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        var cache = new FaultyCache(() =>
        {
            cancelled.Cancel();
            throw new OperationCanceledException(cancelled.Token);
        });
        using var harness = new FacadeHarness(configureServices: s => s.AddSingleton<IPurseTokenCache>(cache));

        Assert.That(
            async () => await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>()
        );
    }

    [Test]
    public async Task A_token_cache_that_fails_to_forget_a_refused_token_does_not_fail_the_call()
    {
        using var harness = new FacadeHarness(configureServices: s =>
            s.AddSingleton<IPurseTokenCache>(new ForgetfulCache(() => throw new TimeoutException("cache down")))
        );
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.Unauthorized, HttpStatusCode.OK]);
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(answers.Dequeue(), FacadeSamples.PaymentJson));

        var payment = await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None);

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
    }

    [Test]
    public async Task A_token_cache_that_never_forgets_a_refused_token_holds_the_call_no_longer_than_the_token_timeout()
    {
        using var harness = new FacadeHarness(
            o => o.TokenRequestTimeout = TimeSpan.FromSeconds(1),
            configureServices: s =>
                s.AddSingleton<IPurseTokenCache>(
                    new ForgetfulCache(() => new ValueTask(new TaskCompletionSource().Task))
                )
        );
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.Unauthorized, HttpStatusCode.OK]);
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(answers.Dequeue(), FacadeSamples.PaymentJson));

        var call = harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None);
        for (var i = 0; i < 200 && !call.IsCompleted; i++)
        {
            harness.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(2);
        }

        Assert.That(call.IsCompleted, Is.True, "the call still waits on the cache after 20 s of fake time");
        Assert.That((await call).Id, Is.EqualTo(FacadeSamples.PaymentId));
    }

    [Test]
    public async Task A_token_cache_that_stalls_does_not_wedge_renewal()
    {
        var cache = new StallingCache();
        using var harness = new FacadeHarness(
            o => o.TokenRequestTimeout = TimeSpan.FromSeconds(1),
            configureServices: s => s.AddSingleton<IPurseTokenCache>(cache)
        );
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        cache.StallNextRead = true;
        var first = harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        await harness
            .AdvancingTimeAsync(async () =>
            {
                try
                {
                    await first;
                }
                catch (PurseException) { }
                return 0;
            })
            .WaitAsync(TimeSpan.FromSeconds(30));
        var payment = await harness
            .Client.Payments.GetAsync(FacadeSamples.PaymentId)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(
            payment.Id,
            Is.EqualTo(FacadeSamples.PaymentId),
            "after the stalled read timed out, the next call gets a token"
        );
        Assert.That(harness.TokensIssued, Is.GreaterThan(0));
    }

    [Test]
    public async Task A_token_cache_that_throws_gives_a_typed_error()
    {
        using var harness = new FacadeHarness(configureServices: s =>
            s.AddSingleton<IPurseTokenCache>(new ThrowingCache())
        );

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(error.Message, Does.Contain("token cache"));
        Assert.That(harness.ApiRequests, Is.Empty);
    }

    [Test]
    public async Task A_token_cache_that_ignores_cancellation_and_never_answers_does_not_wedge_renewal()
    {
        var cache = new DeafCache();
        using var harness = new FacadeHarness(
            o => o.TokenRequestTimeout = TimeSpan.FromSeconds(1),
            configureServices: s => s.AddSingleton<IPurseTokenCache>(cache)
        );
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        cache.Deaf = true;
        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness
                .AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId))
                .WaitAsync(TimeSpan.FromSeconds(30))
        );
        cache.Deaf = false;
        var payment = await harness
            .Client.Payments.GetAsync(FacadeSamples.PaymentId)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(error.Message, Does.Contain("token cache"));
        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId), "the next call renews");
    }

    [Test]
    public async Task The_new_token_is_stored_with_a_live_token_after_a_shared_wait_ran_out()
    {
        var cache = new WaitsForeverCache();
        using var harness = new FacadeHarness(
            o => o.TokenRequestTimeout = TimeSpan.FromSeconds(1),
            configureServices: s => s.AddSingleton<IPurseTokenCache>(cache)
        );
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        var payment = await harness
            .AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
        Assert.That(cache.StoredWithLiveToken, Is.True, "a cache such as Redis drops a store given an expired token");
    }

    /// <summary>A cache whose reads do what the test says.</summary>
    private sealed class FaultyCache(Func<ValueTask<PurseAccessToken?>> read) : IPurseTokenCache
    {
        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) => read();

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken) => default;

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) => default;
    }

    /// <summary>The in-memory cache, except that forgetting a refused token also does what <paramref name="remove"/>
    /// says.</summary>
    private sealed class ForgetfulCache(Func<ValueTask> remove) : IPurseTokenCache
    {
        private readonly InMemoryPurseTokenCache _inner = new();

        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) =>
            _inner.GetAsync(cancellationToken);

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken) =>
            _inner.SetAsync(token, cancellationToken);

        public async ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            await _inner.RemoveAsync(token, cancellationToken);
            await remove();
        }
    }

    /// <summary>A cache whose reads, while deaf, never complete and ignore cancellation.</summary>
    private sealed class DeafCache : IPurseTokenCache
    {
        private PurseAccessToken? _token;

        public bool Deaf { get; set; }

        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) =>
            Deaf
                ? new ValueTask<PurseAccessToken?>(new TaskCompletionSource<PurseAccessToken?>().Task)
                : new(Volatile.Read(ref _token));

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _token, token);
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }

    /// <summary>Another replica holds the renewal and never stores: the shared wait runs out.</summary>
    private sealed class WaitsForeverCache : IPurseTokenCache
    {
        public bool? StoredWithLiveToken { get; private set; }

        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) =>
            new((PurseAccessToken?)null);

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            StoredWithLiveToken = !cancellationToken.IsCancellationRequested;
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;

        public async ValueTask<PurseAccessToken?> WaitForSharedRenewalAsync(
            Func<PurseAccessToken, bool> isFresh,
            CancellationToken cancellationToken
        )
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        }
    }

    private sealed class StallingCache : IPurseTokenCache
    {
        private PurseAccessToken? _token;

        public bool StallNextRead { get; set; }

        private int _reads;

        public async ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken)
        {
            // The second read of a stalled round is the renewal's own look: it never answers.
            if (StallNextRead && Interlocked.Increment(ref _reads) == 2)
            {
                StallNextRead = false;
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return Volatile.Read(ref _token);
        }

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _token, token);
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }

    private sealed class ThrowingCache : IPurseTokenCache
    {
        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("cache down");

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("cache down");

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("cache down");
    }
}
