using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Purse.Benchmarks;

/// <summary>
/// The token cache hit path: the facade's authentication handler (cached token lookup, freshness
/// check, bearer and API key headers) against a handler that sets two fixed headers.
/// </summary>
[MemoryDiagnoser]
public class TokenCacheBenchmarks
{
    private static readonly Uri RequestUri = new("https://purse.bench.invalid/payment/v2/payments/0d9b8b8e-0000-0000-0000-000000000000");
    private ServiceProvider _services = null!;
    private HttpMessageInvoker _fixedHeader = null!;
    private HttpMessageInvoker _cachedToken = null!;
    private PurseTokenProvider _tokens = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _services = Clients.Facade(new Uri("https://purse.bench.invalid/"), () => new PurseStubHandler(SpecSamples.PaymentJson()));
        _fixedHeader = new HttpMessageInvoker(new FixedHeaderHandler { InnerHandler = new OkHandler() });
        var authentication = _services.GetRequiredService<PurseAuthenticationHandler>();
        authentication.InnerHandler = new OkHandler();
        _cachedToken = new HttpMessageInvoker(authentication);
        _tokens = _services.GetRequiredService<PurseTokenProvider>();
        // Fill the cache (one token request to the stub).
        (await _cachedToken.SendAsync(new HttpRequestMessage(HttpMethod.Get, RequestUri), CancellationToken.None)).Dispose();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _fixedHeader.Dispose();
        _cachedToken.Dispose();
        await _services.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "fixed headers")]
    public async Task<HttpStatusCode> FixedHeaders()
    {
        using var response = await _fixedHeader.SendAsync(new HttpRequestMessage(HttpMethod.Get, RequestUri), CancellationToken.None);
        return response.StatusCode;
    }

    [Benchmark(Description = "cached token")]
    public async Task<HttpStatusCode> CachedToken()
    {
        using var response = await _cachedToken.SendAsync(new HttpRequestMessage(HttpMethod.Get, RequestUri), CancellationToken.None);
        return response.StatusCode;
    }

    /// <summary>The token lookup alone: a cached, fresh token must cost no allocation.</summary>
    [Benchmark(Description = "token provider, cached token")]
    public async ValueTask<int> TokenProviderHit() => (await _tokens.GetTokenAsync(CancellationToken.None)).Value.Length;

    private sealed class FixedHeaderHandler : DelegatingHandler
    {
        private static readonly AuthenticationHeaderValue Bearer = new("Bearer", "stub-access-token");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = Bearer;
            request.Headers.TryAddWithoutValidation("x-api-key", Clients.ApiKey);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class OkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }
}
