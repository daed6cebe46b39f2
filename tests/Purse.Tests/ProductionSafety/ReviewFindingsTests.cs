using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Purse.Tests.Support;
using Purse.TestSupport;
using RichardSzalay.MockHttp;

namespace Purse.Tests.ProductionSafety;

/// <summary>
/// Defects an attacker's review found in the first production-safety fixes, each reproduced
/// (redirect refusal bypassed, a stalled cache wedging renewal, masking gaps, untyped errors).
/// </summary>
public sealed class ReviewFindingsTests
{
    private static readonly string PaymentUrl = FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [TestCase("wrapped in a DelegatingHandler")]
    [TestCase("configured after AddPurseClient")]
    public async Task An_application_primary_handler_never_follows_a_redirect(string how)
    {
        await using var elsewhere = await LoopbackServer.StartAsync("127.0.0.2", c => c.Response.WriteAsync(FacadeSamples.PaymentJson));
        await using var purse = await LoopbackServer.StartAsync("127.0.0.1", c =>
        {
            if (c.Request.Path == "/oauth/token")
            {
                c.Response.ContentType = "application/json";
                return c.Response.WriteAsync(LoopbackFacade.TokenJson());
            }
            c.Response.StatusCode = 307;
            c.Response.Headers.Location = new Uri(elsewhere.BaseAddress, c.Request.Path.Value!.TrimStart('/')).AbsoluteUri;
            return Task.CompletedTask;
        });
        var services = new ServiceCollection();
        void Configure(PurseClientOptions o)
        {
            o.ClientId = SecretLeakGuard.ClientId;
            o.ClientSecret = SecretLeakGuard.ClientSecret;
            o.ApiKey = SecretLeakGuard.ApiKey;
            o.BaseAddress = purse.BaseAddress;
        }
        if (how == "wrapped in a DelegatingHandler")
        {
            services.AddPurseClient(Configure, h => h.ConfigurePrimaryHttpMessageHandler(() => new PassThrough { InnerHandler = new HttpClientHandler() }));
        }
        else
        {
            services.AddPurseClient(Configure);
            services.AddHttpClient(PurseHttpClients.Api).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler());
        }
        await using var provider = services.BuildServiceProvider();

        await FacadeHarness.ThrowsAsync<PurseHttpRedirectException>(() => provider.GetRequiredService<IPurseClient>().Payments.GetAsync(FacadeSamples.PaymentId));

        Assert.That(elsewhere.Received, Is.Empty, "nothing, and no API key, reached the other host");
    }

    [Test]
    public async Task A_token_cache_that_stalls_does_not_wedge_renewal()
    {
        var cache = new StallingCache();
        using var harness = new FacadeHarness(o => o.TokenRequestTimeout = TimeSpan.FromSeconds(1), configureServices: s => s.AddSingleton<IPurseTokenCache>(cache));
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        cache.StallNextRead = true;
        var first = harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        await harness.AdvancingTimeAsync(async () => { try { await first; } catch (PurseException) { } return 0; }).WaitAsync(TimeSpan.FromSeconds(30));
        var payment = await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId), "after the stalled read timed out, the next call gets a token");
        Assert.That(harness.TokensIssued, Is.GreaterThan(0));
    }

    [Test]
    public async Task A_token_read_from_a_shared_cache_is_masked_when_echoed()
    {
        var shared = new PurseAccessToken("at-LEAKCHECK-shared-0123456789", FacadeHarness.Start, FacadeHarness.Start.AddHours(1));
        using var harness = new FacadeHarness(configureServices: s => s.AddSingleton<IPurseTokenCache>(new FixedCache(shared)));
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(request => FacadeHarness.Json(HttpStatusCode.Forbidden,
            $$"""{"detail":"token {{request.Headers.Authorization}} lacks scope"}""", "application/problem+json"));

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId));

        Assert.That(error.ToString(), Does.Not.Contain("shared-0123456789"));
    }

    [Test]
    public async Task A_secret_echoed_with_json_escaped_solidus_is_masked()
    {
        using var harness = new FacadeHarness(o => o.ApiKey = "api-key/Q1w2+E3r4T5y6");
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(HttpStatusCode.NotFound, "application/problem+json", """{"detail":"unknown key api-key\/Q1w2+E3r4T5y6"}""");

        var error = await FacadeHarness.ThrowsAsync<PurseNotFoundException>(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId));

        Assert.That(error.Response.BodyExcerpt + error.Message + error.Problem?.Detail, Does.Not.Contain("Q1w2"));
    }

    [Test]
    public async Task The_basic_credentials_as_sent_are_masked_when_echoed_and_the_description_is_bounded()
    {
        using var harness = new FacadeHarness(o => o.ClientSecret = "cs-LEAKCHECK/et+Value/ABCDEF==", defaultTokenEndpoint: false);
        harness.Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri).Respond(request => FacadeHarness.Json(HttpStatusCode.BadRequest,
            $$"""{"error":"invalid_client","error_description":"bad credentials in '{{request.Headers.Authorization}}'\r\nInjected: log line{{new string('x', 5000)}}"}"""));

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId));

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Not.Contain("Basic Y"));
            Assert.That(error.Message, Does.Not.Contain("\n"), "no line break from the server in the message (nor in the log line)");
            Assert.That(error.Message.Length, Is.LessThan(1_000));
        });
    }

    [Test]
    public async Task A_token_cache_that_throws_gives_a_typed_error()
    {
        using var harness = new FacadeHarness(configureServices: s => s.AddSingleton<IPurseTokenCache>(new ThrowingCache()));

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId));

        Assert.That(error.Message, Does.Contain("token cache"));
        Assert.That(harness.ApiRequests, Is.Empty);
    }

    [TestCase("Resilience:AttemptTimeout", "00:00:00.005")]
    [TestCase("Resilience:TotalTimeout", "2.00:00:00")]
    [TestCase("TokenRequestTimeout", "60.00:00:00")]
    public void Timeouts_the_pipeline_cannot_run_are_refused_by_validation(string option, string value)
    {
        var services = new ServiceCollection().AddPurseClient(o =>
        {
            o.ClientId = "c"; o.ClientSecret = "s"; o.ApiKey = "k";
            var span = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            switch (option)
            {
                case "Resilience:AttemptTimeout": o.Resilience.AttemptTimeout = span; break;
                case "Resilience:TotalTimeout": o.Resilience.TotalTimeout = span; break;
                default: o.TokenRequestTimeout = span; break;
            }
        });

        var error = Assert.Throws<OptionsValidationException>(() => _ = services.BuildServiceProvider().GetRequiredService<IOptions<PurseClientOptions>>().Value)!;

        Assert.That(error.Failures.Single(), Does.Contain($"'{option}'"));
    }

    [Test]
    public async Task A_retry_after_beyond_32_bits_of_seconds_is_not_retried()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ =>
        {
            var response = FacadeHarness.Json(HttpStatusCode.TooManyRequests, "{}", "application/problem+json");
            response.Headers.TryAddWithoutValidation("Retry-After", "9999999999");
            return response;
        });

        var error = await FacadeHarness.ThrowsAsync<PurseRateLimitedException>(() =>
            harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(9999999999)));
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1), "not slept on nor retried");
    }

    [Test]
    public async Task A_token_cache_that_ignores_cancellation_and_never_answers_does_not_wedge_renewal()
    {
        var cache = new DeafCache();
        using var harness = new FacadeHarness(o => o.TokenRequestTimeout = TimeSpan.FromSeconds(1), configureServices: s => s.AddSingleton<IPurseTokenCache>(cache));
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        cache.Deaf = true;
        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)).WaitAsync(TimeSpan.FromSeconds(30)));
        cache.Deaf = false;
        var payment = await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(error.Message, Does.Contain("token cache"));
        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId), "the next call renews");
    }

    [Test]
    public async Task The_new_token_is_stored_with_a_live_token_after_a_shared_wait_ran_out()
    {
        var cache = new WaitsForeverCache();
        using var harness = new FacadeHarness(o => o.TokenRequestTimeout = TimeSpan.FromSeconds(1), configureServices: s => s.AddSingleton<IPurseTokenCache>(cache));
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        var payment = await harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
        Assert.That(cache.StoredWithLiveToken, Is.True, "a cache such as Redis drops a store given an expired token");
    }

    private sealed class PassThrough : DelegatingHandler;

    /// <summary>A cache whose reads, while deaf, never complete and ignore cancellation.</summary>
    private sealed class DeafCache : IPurseTokenCache
    {
        private PurseAccessToken? _token;

        public bool Deaf { get; set; }

        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) =>
            Deaf ? new ValueTask<PurseAccessToken?>(new TaskCompletionSource<PurseAccessToken?>().Task) : new(Volatile.Read(ref _token));

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _token, token);
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>Another replica holds the renewal and never stores: the shared wait runs out.</summary>
    private sealed class WaitsForeverCache : IPurseTokenCache
    {
        public bool? StoredWithLiveToken { get; private set; }

        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) => new((PurseAccessToken?)null);

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            StoredWithLiveToken = !cancellationToken.IsCancellationRequested;
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask<PurseAccessToken?> WaitForSharedRenewalAsync(Func<PurseAccessToken, bool> isFresh, CancellationToken cancellationToken)
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

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class FixedCache(PurseAccessToken token) : IPurseTokenCache
    {
        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) => new(token);

        public ValueTask SetAsync(PurseAccessToken value, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask RemoveAsync(PurseAccessToken value, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class ThrowingCache : IPurseTokenCache
    {
        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("cache down");

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken) => throw new InvalidOperationException("cache down");

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) => throw new InvalidOperationException("cache down");
    }
}
