using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace Purse;

/// <summary>
/// The two Polly pipelines a call runs in, built once per client. Reads: retry, then a timeout per
/// attempt. Writes: the timeout only (Purse publishes no idempotency key, so a POST is sent once).
/// The total timeout needs no timer of its own: each attempt's timeout, and each retry delay, is cut
/// to the time left in it.
/// </summary>
internal sealed class PurseResilience(IOptions<PurseClientOptions> settings, TimeProvider time, IOptions<TelemetryOptions> telemetry, ILoggerFactory? loggers = null)
{
    private static readonly ResiliencePropertyKey<long> CallStarted = new("Purse.CallStarted");
    private Pipelines? _pipelines;

    /// <summary>The pipeline of reads (GET), retried when safe.</summary>
    public ResiliencePipeline Reads => (_pipelines ??= Build()).Reads;

    /// <summary>The pipeline of writes, sent once.</summary>
    public ResiliencePipeline Writes => (_pipelines ??= Build()).Writes;

    private PurseResilienceOptions Options => settings.Value.Resilience;

    /// <summary>Built on first use, so that invalid options fail at start or at the first call, not when the client is resolved.</summary>
    private Pipelines Build()
    {
        // Polly logs attempts at Information and timeouts at Error: here attempts and retries are
        // Debug, and nothing is worse than Warning (a slow Purse is not an application error).
        var log = new TelemetryOptions(telemetry.Value)
        {
            LoggerFactory = loggers ?? NullLoggerFactory.Instance,
            SeverityProvider = args => args.Event.EventName is "ExecutionAttempt" or "OnRetry" or "PipelineExecuting" or "PipelineExecuted" ? ResilienceEventSeverity.Debug
                : args.Event.Severity > ResilienceEventSeverity.Warning ? ResilienceEventSeverity.Warning : args.Event.Severity,
        };
        var attemptTimeout = new TimeoutStrategyOptions { Name = "Purse.AttemptTimeout", TimeoutGenerator = args => new(AttemptTimeout(args.Context)) };
        var writes = new ResiliencePipelineBuilder { Name = "Purse.Writes", TimeProvider = time }.AddTimeout(attemptTimeout).ConfigureTelemetry(log).Build();
        var reads = new ResiliencePipelineBuilder { Name = "Purse.Reads", TimeProvider = time };
        if (Options.MaxRetryAttempts > 0)
        {
            reads.AddRetry(new RetryStrategyOptions
            {
                Name = "Purse.Retry",
                MaxRetryAttempts = Options.MaxRetryAttempts,
                Delay = Options.RetryBaseDelay,
                MaxDelay = Options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => new(IsTransient(args.Outcome.Exception) && Left(args.Context) > TimeSpan.Zero
                    && !(RetryAfter(args.Outcome.Exception) > Allowed(args.Context))),
                DelayGenerator = args => new(Delay(args)),
                OnRetry = OnRetryAsync,
            });
        }
        return new(reads.AddTimeout(attemptTimeout).ConfigureTelemetry(log).Build(), writes);
    }

    /// <summary>A pooled context for one call, its start marked for the time-left arithmetic.</summary>
    public ResilienceContext Start(string operation, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        context.Properties.Set(CallStarted, time.GetTimestamp());
        return context;
    }

    /// <summary>Network errors, attempt timeouts, 408, 429 and 5xx.</summary>
    private static bool IsTransient(Exception? exception) => exception is HttpRequestException or TimeoutRejectedException
        or RawApiException { StatusCode: 408 or 429 or >= 500 };

    private TimeSpan Left(ResilienceContext context) =>
        Options.TotalTimeout - time.GetElapsedTime(context.Properties.GetValue(CallStarted, time.GetTimestamp()));

    /// <summary>At most AttemptTimeout and the time left; never zero, which Polly reads as "no timeout".</summary>
    private TimeSpan AttemptTimeout(ResilienceContext context) => Max(Min(Left(context), Options.AttemptTimeout), TimeSpan.FromMilliseconds(1));

    /// <summary>The longest wait before a retry: MaxRetryDelay, and no more than the time left.</summary>
    private TimeSpan Allowed(ResilienceContext context) => Min(Left(context), Options.MaxRetryDelay);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Purse's Retry-After when it fits (ShouldHandle refused it otherwise); else Polly's backoff, cut to the time left.</summary>
    private TimeSpan? Delay(RetryDelayGeneratorArguments<object> args)
    {
        if (RetryAfter(args.Outcome.Exception) is { } asked)
        {
            return asked;
        }
        var left = Left(args.Context);
        return left < Options.MaxRetryDelay ? Min(left, Options.RetryBaseDelay * Math.Pow(2, Math.Min(args.AttemptNumber, 20))) : null;
    }

    /// <summary>The readable Retry-After (seconds or HTTP date) of an error answer, else null.</summary>
    private TimeSpan? RetryAfter(Exception? exception) =>
        exception is RawApiException { Headers: var headers } && headers.TryGetValue("Retry-After", out var values)
            ? PurseErrorMapper.ParseRetryAfter(values.FirstOrDefault(), time.GetUtcNow())
            : null;

    private static ValueTask OnRetryAsync(OnRetryArguments<object> args)
    {
        PurseTelemetry.Retries.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OperationTag, args.Context.OperationKey));
        if (Activity.Current is { Source.Name: PurseTelemetry.Name } operation)
        {
            operation.AddEvent(new ActivityEvent("purse.retry", tags: new ActivityTagsCollection
            {
                ["purse.retry.attempt"] = args.AttemptNumber + 1,
                ["purse.retry.delay_ms"] = args.RetryDelay.TotalMilliseconds,
                ["http.response.status_code"] = (args.Outcome.Exception as RawApiException)?.StatusCode,
                ["error.type"] = args.Outcome.Exception is RawApiException ? null : args.Outcome.Exception?.GetType().FullName,
            }));
        }
        return default;
    }

    private sealed record Pipelines(ResiliencePipeline Reads, ResiliencePipeline Writes);
}
