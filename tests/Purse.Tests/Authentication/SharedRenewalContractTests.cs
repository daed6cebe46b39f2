using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Purse.Tests.Support;

namespace Purse.Tests.Authentication;

/// <summary>
/// IPurseTokenCache.WaitForSharedRenewalAsync, the hook a shared cache uses to hand over another
/// instance's token: whatever the cache does there (throw, hang, return a stale token), the
/// client still gets a token, and a token it did not obtain itself is masked like its own.
/// </summary>
public sealed class SharedRenewalContractTests
{
    [Test]
    public async Task A_cache_whose_wait_throws_does_not_stop_the_renewal()
    {
        var (purse, tokenRequests, provider) = Client(
            new ScriptedCache { Wait = (_, _) => throw new InvalidOperationException("store down") }
        );
        await using var _ = provider;

        await purse.Payments.GetAsync(FacadeSamples.PaymentId);

        Assert.That(tokenRequests(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_cache_whose_wait_never_returns_delays_the_renewal_by_the_token_request_timeout_only()
    {
        var (purse, tokenRequests, provider) = Client(
            new ScriptedCache
            {
                Wait = (_, _) => new ValueTask<PurseAccessToken?>(new TaskCompletionSource<PurseAccessToken?>().Task),
            }, // ignores cancellation
            TimeSpan.FromMilliseconds(500)
        );
        await using var _ = provider;

        await purse.Payments.GetAsync(FacadeSamples.PaymentId).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(tokenRequests(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_stale_token_handed_over_is_not_used()
    {
        var stale = new PurseAccessToken(
            SecretLeakGuard.TokenMarker + "stale",
            DateTimeOffset.UtcNow.AddHours(-2),
            DateTimeOffset.UtcNow.AddHours(-1)
        );
        var (purse, tokenRequests, provider) = Client(new ScriptedCache { Wait = (_, _) => new(stale) });
        await using var _ = provider;

        await purse.Payments.GetAsync(FacadeSamples.PaymentId);

        Assert.That(tokenRequests(), Is.EqualTo(1), "the endpoint was asked instead");
    }

    [Test]
    public async Task A_token_handed_over_by_another_instance_is_used_and_masked_if_a_server_echoes_it()
    {
        const string Other = SecretLeakGuard.TokenMarker + "other-instance-7c1d";
        var handedOver = new PurseAccessToken(Other, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        var (purse, tokenRequests, provider) = Client(
            new ScriptedCache { Wait = (_, _) => new(handedOver) },
            echoBearerIn404: true
        );
        await using var _ = provider;

        var error = await FacadeHarness.ThrowsAsync<PurseNotFoundException>(() =>
            purse.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.Multiple(() =>
        {
            Assert.That(tokenRequests(), Is.EqualTo(0), "the handed-over token was used");
            Assert.That(error.ToString(), Does.Not.Contain(Other));
            Assert.That(error.Response.BodyExcerpt, Does.Contain("***"));
        });
    }

    private static (IPurseClient Purse, Func<int> TokenRequests, ServiceProvider Provider) Client(
        ScriptedCache cache,
        TimeSpan? tokenRequestTimeout = null,
        bool echoBearerIn404 = false
    )
    {
        var tokenRequests = 0;
        var handler = new Handler(request =>
        {
            if (request.RequestUri!.AbsolutePath == "/oauth/token")
            {
                var number = Interlocked.Increment(ref tokenRequests);
                return FacadeHarness.Json(
                    HttpStatusCode.OK,
                    $$"""{"access_token":"{{SecretLeakGuard.Token(number)}}","token_type":"Bearer","expires_in":3600}"""
                );
            }
            return echoBearerIn404
                ? FacadeHarness.Json(
                    HttpStatusCode.NotFound,
                    $$"""{"title":"no payment for token {{request.Headers.Authorization?.Parameter}}"}""",
                    "application/problem+json"
                )
                : FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson);
        });
        var provider = new ServiceCollection()
            .AddSingleton<IPurseTokenCache>(cache)
            .AddPurseClient(
                options =>
                {
                    options.ClientId = SecretLeakGuard.ClientId;
                    options.ClientSecret = SecretLeakGuard.ClientSecret;
                    options.ApiKey = SecretLeakGuard.ApiKey;
                    options.BaseAddress = FacadeHarness.BaseAddress;
                    options.TokenRequestTimeout = tokenRequestTimeout ?? TimeSpan.FromSeconds(30);
                    options.Resilience.MaxRetryAttempts = 0;
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => handler)
            )
            .BuildServiceProvider();
        return (provider.GetRequiredService<IPurseClient>(), () => Volatile.Read(ref tokenRequests), provider);
    }

    /// <summary>An empty cache whose WaitForSharedRenewalAsync does what the test says.</summary>
    private sealed class ScriptedCache : IPurseTokenCache
    {
        private PurseAccessToken? _token;

        public required Func<
            Func<PurseAccessToken, bool>,
            CancellationToken,
            ValueTask<PurseAccessToken?>
        > Wait { get; init; }

        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) => new(_token);

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            _token = token;
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;

        public ValueTask<PurseAccessToken?> WaitForSharedRenewalAsync(
            Func<PurseAccessToken, bool> isFresh,
            CancellationToken cancellationToken
        ) => Wait(isFresh, cancellationToken);
    }

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        ) => Task.FromResult(answer(request));
    }
}
