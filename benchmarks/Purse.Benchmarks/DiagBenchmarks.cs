using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Purse.Models;

namespace Purse.Benchmarks;

[MemoryDiagnoser]
public class DiagBenchmarks
{
    private static readonly Uri BaseAddress = new("https://purse.bench.invalid/");
    private PurseStubHandler _handler = null!;
    private HttpClient _raw = null!;
    private ServiceProvider _services = null!;
    private IPurseClient _purse = null!;
    private IHttpClientFactory _factory = null!;
    private PurseResilience _resilience = null!;
    private Guid _paymentId;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _handler = new PurseStubHandler(SpecSamples.PaymentJson());
        _paymentId = SpecSamples.PaymentId();
        _raw = Clients.Raw(BaseAddress, _handler);
        _services = Clients.Facade(BaseAddress, () => _handler);
        _purse = _services.GetRequiredService<IPurseClient>();
        _factory = _services.GetRequiredService<IHttpClientFactory>();
        _resilience = _services.GetRequiredService<PurseResilience>();
        await _purse.Payments.GetAsync(_paymentId);
    }

    [Benchmark(Baseline = true)]
    public Task<Payment> Raw() => Clients.RawGetPaymentAsync(_raw, _paymentId);

    [Benchmark]
    public Task<Payment> FactoryClientHandlers() => Clients.RawGetPaymentAsync(_factory.CreateClient(PurseHttpClients.Api), _paymentId);

    [Benchmark]
    public async Task<Payment> PollyReadsOverRaw()
    {
        var context = _resilience.Start("GET x", CancellationToken.None);
        try
        {
            return await _resilience.Reads.ExecuteAsync(static (c, s) => new ValueTask<Payment>(Clients.RawGetPaymentAsync(s.Item1, s.Item2, c.CancellationToken)), context, (_raw, _paymentId));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Benchmark]
    public async Task<Payment> PollyWritesOverRaw()
    {
        var context = _resilience.Start("GET x", CancellationToken.None);
        try
        {
            return await _resilience.Writes.ExecuteAsync(static (c, s) => new ValueTask<Payment>(Clients.RawGetPaymentAsync(s.Item1, s.Item2, c.CancellationToken)), context, (_raw, _paymentId));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Benchmark]
    public Task<Payment> Facade() => _purse.Payments.GetAsync(_paymentId);
}
