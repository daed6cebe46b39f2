using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Purse.Models;

namespace Purse.Benchmarks;

/// <summary>
/// What the "Purse" activity source and meter cost per call: GetPayment through the facade with
/// nobody listening (the baseline) and with a listener recording every span and measurement, as
/// an application exporting them with OpenTelemetry would.
/// </summary>
[MemoryDiagnoser]
public class TelemetryOverheadBenchmarks
{
    private static readonly Uri BaseAddress = new("https://purse.bench.invalid/");
    private ServiceProvider _services = null!;
    private IPurseClient _purse = null!;
    private Guid _paymentId;
    private ActivityListener? _spans;
    private MeterListener? _measurements;

    [GlobalSetup(Target = nameof(NobodyListening))]
    public Task SetupQuietAsync() => SetupAsync(listen: false);

    [GlobalSetup(Target = nameof(SpansAndMetricsRecorded))]
    public Task SetupListeningAsync() => SetupAsync(listen: true);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _spans?.Dispose();
        _measurements?.Dispose();
        await _services.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "facade, no listener")]
    public Task<Payment> NobodyListening() => _purse.Payments.GetAsync(_paymentId);

    [Benchmark(Description = "facade, spans and metrics recorded")]
    public Task<Payment> SpansAndMetricsRecorded() => _purse.Payments.GetAsync(_paymentId);

    private async Task SetupAsync(bool listen)
    {
        if (listen)
        {
            _spans = new ActivityListener
            {
                ShouldListenTo = source => source.Name == PurseTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _ => { },
            };
            ActivitySource.AddActivityListener(_spans);
            _measurements = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == PurseTelemetry.Name)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _measurements.SetMeasurementEventCallback<double>((_, _, _, _) => { });
            _measurements.SetMeasurementEventCallback<long>((_, _, _, _) => { });
            _measurements.Start();
        }
        var handler = new PurseStubHandler(SpecSamples.PaymentJson());
        _paymentId = SpecSamples.PaymentId();
        _services = Clients.Facade(BaseAddress, () => handler);
        _purse = _services.GetRequiredService<IPurseClient>();
        await _purse.Payments.GetAsync(_paymentId);
    }
}
