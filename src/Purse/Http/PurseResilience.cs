using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace Purse;

/// <summary>
/// The three Polly pipelines a call runs in, built once per client. Reads: retry, then a timeout per attempt.
/// Retried writes (captures, refunds and voids, with their idempotency key): the same, on the failures after which
/// the write's outcome is unknown. Other writes and POSTs: the timeout only, sent once. The total timeout needs no
/// timer of its own: each attempt's timeout, and each retry delay, is cut to the time left in it.
/// </summary>
internal sealed class PurseResilience(IOptions<PurseClientOptions> settings, TimeProvider time, IOptions<TelemetryOptions> telemetry, ILoggerFactory? loggers = null)
{
    private static readonly ResiliencePropertyKey<long> CallStarted = new("Purse.CallStarted");
    private Pipelines? _pipelines;

    /// <summary>The pipeline of reads (GET), retried when safe.</summary>
    public ResiliencePipeline Reads => (_pipelines ??= Build()).Reads;

    /// <summary>The pipeline of writes that carry an idempotency key Purse honours: retried with that key.</summary>
    public ResiliencePipeline RetriedWrites => (_pipelines ??= Build()).RetriedWrites;

    /// <summary>The pipeline of writes sent once.</summary>
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
            // Polly would log the result object (a Payment) at Debug: its type says enough.
            ResultFormatter = (_, result) => result?.GetType().Name,
            SeverityProvider = args => args.Event.EventName is "ExecutionAttempt" or "OnRetry" or "PipelineExecuting" or "PipelineExecuted" ? ResilienceEventSeverity.Debug
                : args.Event.Severity > ResilienceEventSeverity.Warning ? ResilienceEventSeverity.Warning : args.Event.Severity,
        };
        var attemptTimeout = new TimeoutStrategyOptions
        {
            Name = "Purse.AttemptTimeout",
            TimeoutGenerator = args => new(AttemptTimeout(args.Context)),
        };
        return new(
            Reads: Pipeline("Purse.Reads", IsTransientForRead, attemptTimeout, log),
            RetriedWrites: Pipeline("Purse.RetriedWrites", IsAmbiguousForWrite, attemptTimeout, log),
            Writes: Pipeline("Purse.Writes", shouldRetry: null, attemptTimeout, log));
    }

    /// <summary>Retries (when <paramref name="shouldRetry"/> is given and retries are on), then the attempt's timeout.</summary>
    private ResiliencePipeline Pipeline(
        string name, Func<Exception?, bool>? shouldRetry, TimeoutStrategyOptions attemptTimeout, TelemetryOptions log)
    {
        var pipeline = new ResiliencePipelineBuilder { Name = name, TimeProvider = time };
        if (shouldRetry is not null && Options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions
            {
                Name = "Purse.Retry",
                MaxRetryAttempts = Options.MaxRetryAttempts,
                // A wait Purse asks for (Retry-After) that does not fit ends the call at once, as does a call out of time.
                ShouldHandle = args => new(
                    shouldRetry(args.Outcome.Exception)
                    && Allowed(args.Context) >= (RetryAfter(args.Outcome.Exception) ?? TimeSpan.Zero)),
                DelayGenerator = args => new((TimeSpan?)Delay(args)),
                OnRetry = OnRetryAsync,
            });
        }
        return pipeline.AddTimeout(attemptTimeout).ConfigureTelemetry(log).Build();
    }

    /// <summary>A pooled context for one call, its start marked for the time-left arithmetic.</summary>
    public ResilienceContext Start(string operation, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        context.Properties.Set(CallStarted, time.GetTimestamp());
        return context;
    }

    /// <summary>A read is retried after network errors, attempt timeouts, 408, 429 and 5xx.</summary>
    private static bool IsTransientForRead(Exception? exception) =>
        exception is HttpRequestException or TimeoutRejectedException or PurseAttemptFailure { Status: 408 or 429 or >= 500 };

    /// <summary>
    /// A write carrying its idempotency key is retried, with that key, where it may or may not have been carried out
    /// (network errors, attempt timeouts, 502, 503, 504) and where Purse asks to wait (408, 429). Not after a 500: an
    /// error of Purse's that repeats.
    /// </summary>
    private static bool IsAmbiguousForWrite(Exception? exception) =>
        exception is HttpRequestException or TimeoutRejectedException
            or PurseAttemptFailure { Status: 408 or 429 or 502 or 503 or 504 };

    private TimeSpan Left(ResilienceContext context) =>
        Options.TotalTimeout - time.GetElapsedTime(context.Properties.GetValue(CallStarted, time.GetTimestamp()));

    /// <summary>At most AttemptTimeout and the time left; never zero, which Polly reads as "no timeout".</summary>
    private TimeSpan AttemptTimeout(ResilienceContext context) => Max(Min(Left(context), Options.AttemptTimeout), TimeSpan.FromMilliseconds(1));

    /// <summary>The longest wait before a retry: MaxRetryDelay, and no more than leaves the next attempt 10 ms (negative: no retry).</summary>
    private TimeSpan Allowed(ResilienceContext context) => Min(Left(context) - TimeSpan.FromMilliseconds(10), Options.MaxRetryDelay);

    /// <summary>Purse's Retry-After, else exponential backoff with jitter (0.5 to 1.5 times base · 2^attempt); never beyond <see cref="Allowed"/>.</summary>
    private TimeSpan Delay(RetryDelayGeneratorArguments<object> args) => Max(TimeSpan.Zero, Min(Allowed(args.Context),
        RetryAfter(args.Outcome.Exception) ?? Options.RetryBaseDelay * (Math.Pow(2, Math.Min(args.AttemptNumber, 16)) * (0.5 + Random.Shared.NextDouble()))));

    private static TimeSpan? RetryAfter(Exception? exception) => (exception as PurseAttemptFailure)?.RetryAfter;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static ValueTask OnRetryAsync(OnRetryArguments<object> args)
    {
        PurseTelemetry.Retries.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OperationTag, args.Context.OperationKey));
        if (Activity.Current is { Source.Name: PurseTelemetry.Name } operation)
        {
            operation.AddEvent(new ActivityEvent("purse.retry", tags: new ActivityTagsCollection
            {
                ["purse.retry.attempt"] = args.AttemptNumber + 1,
                ["purse.retry.delay_ms"] = args.RetryDelay.TotalMilliseconds,
                ["http.response.status_code"] = (args.Outcome.Exception as PurseAttemptFailure)?.Status,
                ["error.type"] = args.Outcome.Exception is PurseAttemptFailure ? null : args.Outcome.Exception?.GetType().FullName,
            }));
        }
        return default;
    }

    private sealed record Pipelines(ResiliencePipeline Reads, ResiliencePipeline RetriedWrites, ResiliencePipeline Writes);
}
