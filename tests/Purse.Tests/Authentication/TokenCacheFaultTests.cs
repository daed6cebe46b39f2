using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Authentication;

/// <summary>
/// A token cache that throws an OperationCanceledException of its own (a store client's timeout, a disposed
/// connection), issue 21 item 9: it is a token cache failure, not the caller's cancellation nor a Purse timeout.
/// </summary>
public sealed class TokenCacheFaultTests
{
    public static IEnumerable<TestCaseData> OwnCancellations()
    {
        Func<ValueTask<PurseAccessToken?>> thrown = () => throw new OperationCanceledException();
        yield return new TestCaseData(thrown).SetArgDisplayNames("thrown");
        yield return new TestCaseData(new Func<ValueTask<PurseAccessToken?>>(() =>
            new ValueTask<PurseAccessToken?>(Task.FromException<PurseAccessToken?>(new TaskCanceledException()))))
            .SetArgDisplayNames("faulted task");
    }

    [TestCaseSource(nameof(OwnCancellations))]
    public async Task A_cache_cancelling_on_its_own_is_an_authentication_failure_not_a_timeout(
        Func<ValueTask<PurseAccessToken?>> read)
    {
        using var harness = new FacadeHarness(
            configureServices: s => s.AddSingleton<IPurseTokenCache>(new FaultyCache(read)));
        harness.Mock.When(HttpMethod.Get, FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}")
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None));

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

        Assert.That(async () => await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>A cache whose reads do what the test says.</summary>
    private sealed class FaultyCache(Func<ValueTask<PurseAccessToken?>> read) : IPurseTokenCache
    {
        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) => read();

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken) => default;

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) => default;
    }
}
