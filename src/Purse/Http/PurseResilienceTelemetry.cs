using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;

namespace Purse;

/// <summary>
/// The log levels of the resilience pipeline. Polly logs each attempt at Information (Warning when
/// it is retried), each retry at Warning and each timeout at Error: an application logging at
/// Information would see every call, and a slow Purse would page someone as an error. Here attempts
/// and retries are Debug, and timeouts and anything Polly deems worse are Warning.
/// </summary>
internal static class PurseResilienceTelemetry
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IServiceProvider services)
    {
        // A copy of the application's options keeps its logger factory, enrichers and listeners.
        var telemetry = new TelemetryOptions(services.GetRequiredService<IOptions<TelemetryOptions>>().Value)
        {
            SeverityProvider = args => Severity(args.Event),
        };
        pipeline.ConfigureTelemetry(telemetry);
    }

    private static ResilienceEventSeverity Severity(ResilienceEvent resilienceEvent) => resilienceEvent.EventName switch
    {
        "ExecutionAttempt" or "OnRetry" => ResilienceEventSeverity.Debug,
        _ when resilienceEvent.Severity > ResilienceEventSeverity.Warning => ResilienceEventSeverity.Warning,
        _ => resilienceEvent.Severity,
    };
}
