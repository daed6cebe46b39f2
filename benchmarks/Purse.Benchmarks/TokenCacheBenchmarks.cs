using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Purse.Benchmarks;

/// <summary>
/// The token cache hit path: <see cref="PurseTokenProvider.GetTokenAsync"/> with a cached, fresh token (cache
/// lookup, freshness check, masking bookkeeping) and the Authorization header value of that token, against
/// returning a constant. Both must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class TokenCacheBenchmarks
{
    private static readonly PurseAccessToken Constant = new(
        "stub-access-token",
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.MaxValue
    );
    private ServiceProvider _services = null!;
    private PurseTokenProvider _tokens = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _services = Clients.Facade(new Uri("https://purse.bench.invalid/"), () =>
            new PurseStubHandler(SpecSamples.PaymentJson())
        );
        _tokens = _services.GetRequiredKeyedService<PurseTokenProvider>("");
        // Fill the cache (one token request to the stub).
        _ = (await _tokens.GetTokenAsync(CancellationToken.None)).Header;
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _services.DisposeAsync();

    [Benchmark(Baseline = true, Description = "constant token and header")]
    public object Constant_() => Constant.Header;

    /// <summary>The token lookup and its header: a cached, fresh token must cost no allocation.</summary>
    [Benchmark(Description = "token provider, cached token, header")]
    public async ValueTask<object> TokenProviderHit() => (await _tokens.GetTokenAsync(CancellationToken.None)).Header;
}
