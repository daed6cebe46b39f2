using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Polly.Telemetry;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.ProductionSafety;

/// <summary>
/// Findings of the second review of the lean pipeline (issue 15), each a test first: an error page in a charset
/// .NET does not know keeps its status; a value of an unreadable success body never reaches Polly's logs; a token
/// cache that fails or hangs while forgetting a refused token does not break or hang the call; the token endpoint's
/// size limit speaks of itself; a named client's pipelines report to the application's Polly listeners.
/// </summary>
public sealed class PipelineSecondReviewTests
{
    private const string Marker = "BODY-MARKER-7f3a";
    private static readonly string PaymentUrl = FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [Test]
    public async Task An_error_page_in_an_unknown_charset_keeps_its_status_and_a_503_is_retried()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 1);
        var answers = new Queue<Func<HttpResponseMessage>>([
            () =>
            {
                var page = FacadeHarness.Json(HttpStatusCode.ServiceUnavailable, "<html>busy</html>", "text/html");
                page.Content.Headers.ContentType!.CharSet = "windows-1252";
                return page;
            },
            () => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson),
        ]);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => answers.Dequeue()());

        var payment = await harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
            Assert.That(harness.ApiRequests.Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_conflict_page_in_an_unknown_charset_is_still_a_conflict()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, PaymentUrl + "/captures").Respond(_ =>
        {
            var page = FacadeHarness.Json(HttpStatusCode.Conflict, "<html>conflict</html>", "text/html");
            page.Content.Headers.ContentType!.CharSet = "windows-1252";
            return page;
        });

        await FacadeHarness.ThrowsAsync<PurseConflictException>(() =>
            harness.Client.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(100, Currency.Eur), CancellationToken.None));
    }

    [Test]
    public async Task A_value_of_an_unreadable_success_body_never_reaches_the_logs()
    {
        using var harness = new FacadeHarness();
        var body = JObject.Parse(FacadeSamples.PaymentJson);
        body["id"] = Marker;
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, body.ToString()));

        await FacadeHarness.ThrowsAsync<PurseResponseException>(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None));

        Assert.That(harness.Logs.GetSnapshot().Where(r => (r.Message + r.Exception).Contains(Marker, StringComparison.Ordinal))
            .Select(r => $"{r.Level} {r.Category}: {r.Message}"), Is.Empty);
    }

    [Test]
    public async Task A_token_cache_that_fails_to_forget_a_refused_token_does_not_fail_the_call()
    {
        using var harness = new FacadeHarness(configureServices: s => s.AddSingleton<IPurseTokenCache>(new ForgetfulCache(() => throw new TimeoutException("cache down"))));
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.Unauthorized, HttpStatusCode.OK]);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => FacadeHarness.Json(answers.Dequeue(), FacadeSamples.PaymentJson));

        var payment = await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None);

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
    }

    [Test]
    public async Task A_token_cache_that_never_forgets_a_refused_token_holds_the_call_no_longer_than_the_token_timeout()
    {
        using var harness = new FacadeHarness(
            o => o.TokenRequestTimeout = TimeSpan.FromSeconds(1),
            configureServices: s => s.AddSingleton<IPurseTokenCache>(new ForgetfulCache(() => new ValueTask(new TaskCompletionSource().Task))));
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.Unauthorized, HttpStatusCode.OK]);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => FacadeHarness.Json(answers.Dequeue(), FacadeSamples.PaymentJson));

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
    public async Task A_token_answer_over_its_limit_speaks_of_the_token_limit_not_of_MaxResponseSize()
    {
        using var harness = new FacadeHarness(defaultTokenEndpoint: false);
        harness.Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, $$"""{"access_token":"{{new string('a', 70_000)}}","expires_in":3600}"""));

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("65536"));
            Assert.That(error.Message, Does.Not.Contain("MaxResponseSize").And.Not.Contain("read the resource again"));
        });
    }

    [Test]
    public async Task A_named_client_reports_to_the_applications_polly_listeners()
    {
        var recorder = new Recorder();
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, """{"access_token":"at-named","token_type":"Bearer","expires_in":3600}"""));
        mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));
        var services = new ServiceCollection()
            .Configure<TelemetryOptions>(o => o.TelemetryListeners.Add(recorder))
            .AddPurseClient("shop", o =>
            {
                o.ClientId = "c";
                o.ClientSecret = "s";
                o.ApiKey = "k";
                o.EntityId = FacadeHarness.EntityId;
                o.BaseAddress = FacadeHarness.BaseAddress;
            }, http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IPurseClient>("shop").Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None);

        Assert.That(recorder.Events, Is.Not.Zero);
    }

    /// <summary>The in-memory cache, except that forgetting a refused token also does what <paramref name="remove"/> says.</summary>
    private sealed class ForgetfulCache(Func<ValueTask> remove) : IPurseTokenCache
    {
        private readonly InMemoryPurseTokenCache _inner = new();

        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) => _inner.GetAsync(cancellationToken);

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken) => _inner.SetAsync(token, cancellationToken);

        public async ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            await _inner.RemoveAsync(token, cancellationToken);
            await remove();
        }
    }

    private sealed class Recorder : TelemetryListener
    {
        private int _events;

        public int Events => Volatile.Read(ref _events);

        public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args) => Interlocked.Increment(ref _events);
    }
}
