using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;
using Purse.Models;

namespace Purse;

/// <summary>
/// The two Polly pipelines a call runs in, built once per client. Reads: retry, then a timeout per
/// attempt. Writes: the timeout only (Purse publishes no idempotency key, so a POST is sent once).
/// The total timeout needs no timer of its own: each attempt's timeout, and each retry delay, is cut
/// to the time left in it.
/// </summary>
internal sealed class PurseResilience
{
    private static readonly ResiliencePropertyKey<long> CallStarted = new("Purse.CallStarted");
    private readonly IOptions<PurseClientOptions> _settings;
    private readonly TimeProvider _time;
    private readonly TelemetryOptions _log;
    private readonly Lazy<(ResiliencePipeline Reads, ResiliencePipeline Writes)> _pipelines;

    public PurseResilience(IOptions<PurseClientOptions> options, TimeProvider time, IOptions<TelemetryOptions> telemetry, ILoggerFactory? loggers = null)
    {
        (_settings, _time) = (options, time);
        _pipelines = new(Build, LazyThreadSafetyMode.PublicationOnly);
        // Polly logs attempts at Information and timeouts at Error: here attempts and retries are
        // Debug, and nothing is worse than Warning (a slow Purse is not an application error).
        _log = new TelemetryOptions(telemetry.Value)
        {
            LoggerFactory = loggers ?? NullLoggerFactory.Instance,
            SeverityProvider = args => args.Event.EventName is "ExecutionAttempt" or "OnRetry" or "PipelineExecuting" or "PipelineExecuted" ? ResilienceEventSeverity.Debug
                : args.Event.Severity > ResilienceEventSeverity.Warning ? ResilienceEventSeverity.Warning : args.Event.Severity,
        };
    }

    /// <summary>The pipeline of reads (GET), retried when safe.</summary>
    public ResiliencePipeline Reads => _pipelines.Value.Reads;

    /// <summary>The pipeline of writes, sent once.</summary>
    public ResiliencePipeline Writes => _pipelines.Value.Writes;

    private PurseResilienceOptions Options => _settings.Value.Resilience;

    /// <summary>Built on first use, so that invalid options fail at start or at the first call, not when the client is resolved.</summary>
    private (ResiliencePipeline Reads, ResiliencePipeline Writes) Build()
    {
        var attemptTimeout = new TimeoutStrategyOptions { Name = "Purse.AttemptTimeout", TimeoutGenerator = args => new(AttemptTimeout(args.Context)) };
        var writes = new ResiliencePipelineBuilder { Name = "Purse.Writes", TimeProvider = _time }.AddTimeout(attemptTimeout).ConfigureTelemetry(_log).Build();
        var reads = new ResiliencePipelineBuilder { Name = "Purse.Reads", TimeProvider = _time };
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
                OnRetry = args =>
                {
                    OnRetry(args);
                    return default;
                },
            });
        }
        return (reads.AddTimeout(attemptTimeout).ConfigureTelemetry(_log).Build(), writes);
    }

    /// <summary>A pooled context for one call, its start marked for the time-left arithmetic.</summary>
    public ResilienceContext Start(string operation, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        context.Properties.Set(CallStarted, _time.GetTimestamp());
        return context;
    }

    /// <summary>Network errors, attempt timeouts, 408, 429 and 5xx.</summary>
    private static bool IsTransient(Exception? exception) => exception is HttpRequestException or TimeoutRejectedException
        or RawApiException { StatusCode: 408 or 429 or >= 500 };

    private TimeSpan Left(ResilienceContext context) =>
        Options.TotalTimeout - _time.GetElapsedTime(context.Properties.GetValue(CallStarted, _time.GetTimestamp()));

    /// <summary>At most AttemptTimeout and the time left; never zero, which Polly reads as "no timeout".</summary>
    private TimeSpan AttemptTimeout(ResilienceContext context)
    {
        var left = Left(context);
        return left < Options.AttemptTimeout ? (left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1)) : Options.AttemptTimeout;
    }

    /// <summary>The longest wait before a retry: MaxRetryDelay, and no more than the time left.</summary>
    private TimeSpan Allowed(ResilienceContext context)
    {
        var left = Left(context);
        return left < Options.MaxRetryDelay ? left : Options.MaxRetryDelay;
    }

    /// <summary>Purse's Retry-After when it fits (ShouldHandle refused it otherwise); else Polly's backoff, cut to the time left.</summary>
    private TimeSpan? Delay(RetryDelayGeneratorArguments<object> args)
    {
        if (RetryAfter(args.Outcome.Exception) is { } asked)
        {
            return asked;
        }
        var left = Left(args.Context);
        return left < Options.MaxRetryDelay ? TimeSpan.FromTicks(Math.Min(left.Ticks, Options.RetryBaseDelay.Ticks << Math.Min(args.AttemptNumber, 20))) : null;
    }

    /// <summary>The readable Retry-After (seconds or HTTP date) of an error answer, else null.</summary>
    private TimeSpan? RetryAfter(Exception? exception) =>
        exception is RawApiException { Headers: var headers } && headers.TryGetValue("Retry-After", out var values)
            ? PurseErrorMapper.ParseRetryAfter(values.FirstOrDefault(), _time.GetUtcNow())
            : null;

    private static void OnRetry(OnRetryArguments<object> args)
    {
        PurseTelemetry.Retries.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OperationTag, args.Context.OperationKey));
        if (Activity.Current is not { Source.Name: PurseTelemetry.Name } operation)
        {
            return;
        }
        operation.AddEvent(new ActivityEvent("purse.retry", tags: new ActivityTagsCollection
        {
            ["purse.retry.attempt"] = args.AttemptNumber + 1,
            ["purse.retry.delay_ms"] = args.RetryDelay.TotalMilliseconds,
            ["http.response.status_code"] = (args.Outcome.Exception as RawApiException)?.StatusCode,
            ["error.type"] = args.Outcome.Exception is RawApiException ? null : args.Outcome.Exception?.GetType().FullName,
        }));
    }
}
