using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;
using Purse.Models;

namespace Purse.Benchmarks;

/// <summary>
/// The facade against the raw baseline, per call, over the same in-process handler (no socket):
/// what the facade adds (DI-built pipeline, resilience, token, logging, error mapping).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class InProcessBenchmarks
{
    private static readonly Uri BaseAddress = new("https://purse.bench.invalid/");
    private PurseStubHandler _handler = null!;
    private HttpClient _raw = null!;
    private ServiceProvider _services = null!;
    private IPurseClient _purse = null!;
    private ServiceProvider _noRetryServices = null!;
    private IPurseClient _noRetry = null!;
    private Guid _paymentId;
    private CreatePaymentRequest _largeOrder = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _handler = new PurseStubHandler(SpecSamples.PaymentJson());
        _paymentId = SpecSamples.PaymentId();
        _largeOrder = SpecSamples.CreatePaymentRequest(lines: 500);
        _raw = Clients.Raw(BaseAddress, _handler);
        _services = Clients.Facade(BaseAddress, () => _handler);
        _purse = _services.GetRequiredService<IPurseClient>();
        // The facade's first call fetches the token; the benchmarks measure the cached path.
        await _purse.Payments.GetAsync(_paymentId);
        _noRetryServices = Clients.Facade(
            BaseAddress,
            () => _handler,
            configure: o => o.Resilience.MaxRetryAttempts = 0
        );
        _noRetry = _noRetryServices.GetRequiredService<IPurseClient>();
        await _noRetry.Payments.GetAsync(_paymentId);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _raw.Dispose();
        await _services.DisposeAsync();
        await _noRetryServices.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient")]
    [BenchmarkCategory("GetPayment")]
    public Task<Payment> GetPayment_Raw() => Clients.RawGetPaymentAsync(_raw, _paymentId);

    [Benchmark(Description = "facade")]
    [BenchmarkCategory("GetPayment")]
    public Task<Payment> GetPayment_Facade() => _purse.Payments.GetAsync(_paymentId);

    /// <summary>Diagnostic: the facade without the retry strategy (what retries of reads cost when none
    /// happens).</summary>
    [Benchmark(Description = "facade, MaxRetryAttempts = 0")]
    [BenchmarkCategory("GetPayment")]
    public Task<Payment> GetPayment_FacadeNoRetry() => _noRetry.Payments.GetAsync(_paymentId);

    [Benchmark(Description = "raw HttpClient, body streamed")]
    [BenchmarkCategory("GetPayment")]
    public Task<Payment> GetPayment_RawStreamed() => Clients.RawGetPaymentStreamedAsync(_raw, _paymentId);

    [Benchmark(Baseline = true, Description = "raw HttpClient")]
    [BenchmarkCategory("CreatePayment500Lines")]
    public Task<Payment> CreatePayment_Raw() => Clients.RawCreatePaymentAsync(_raw, _largeOrder);

    [Benchmark(Description = "facade")]
    [BenchmarkCategory("CreatePayment500Lines")]
    public Task<Payment> CreatePayment_Facade() => _purse.Payments.CreateAsync(_largeOrder);
}
