using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace Purse;

/// <summary>
/// Step 3 of the call path (<see cref="PurseCallPath"/>): retries and timeouts, as three Polly pipelines built once
/// per client. Reads: retry, then a timeout per attempt. Writes carrying an idempotency key Purse honours: the same,
/// on the failures after which their outcome is unknown (<see cref="ResponseClassifier.IsRetriable"/>). Other
/// writes: the timeout only, sent once. The total timeout needs no timer of its own: each attempt's timeout, and
/// each retry delay, is cut to the time left in it.
/// </summary>
internal sealed class RetryPolicy(
    [FromKeyedServices] IOptions<PurseClientOptions> settings,
    TimeProvider time,
    IOptions<TelemetryOptions> telemetry,
    ILoggerFactory? loggers = null
)
{
    private static readonly ResiliencePropertyKey<long> CallStarted = new("Purse.CallStarted");
    private Pipelines? _pipelines;

    /// <summary>The pipeline an operation runs in.</summary>
    public ResiliencePipeline For(PurseOperation operation)
    {
        var pipelines = _pipelines ??= Build();
        return operation.Kind switch
        {
            OperationKind.Read => pipelines.Reads,
            OperationKind.KeyedWrite => pipelines.RetriedWrites,
            _ when Options.RetryCreatesAndAbort => pipelines.RetriedWrites,
            _ => pipelines.Writes,
        };
    }

    private PurseResilienceOptions Options => settings.Value.Resilience;

    /// <summary>Built on first use, so that invalid options fail at start or at the first call, not when the client is
    /// resolved.</summary>
    private Pipelines Build()
    {
        // Polly logs attempts at Information and timeouts at Error: here attempts and retries are
        // Debug, and nothing is worse than Warning (a slow Purse is not an application error).
        var log = new TelemetryOptions(telemetry.Value)
        {
            LoggerFactory = loggers ?? NullLoggerFactory.Instance,
            // Polly would log the result object (a Payment) at Debug: its type says enough.
            ResultFormatter = (_, result) => result?.GetType().Name,
            SeverityProvider = args => Severity(args.Event),
        };
        var attemptTimeout = new TimeoutStrategyOptions
        {
            Name = "Purse.AttemptTimeout",
            TimeoutGenerator = args => new(AttemptTimeout(args.Context)),
        };
        return new(
            Reads: Pipeline("Purse.Reads", e => ResponseClassifier.IsRetriable(e, isWrite: false), attemptTimeout, log),
            RetriedWrites: Pipeline(
                "Purse.RetriedWrites",
                e => ResponseClassifier.IsRetriable(e, isWrite: true),
                attemptTimeout,
                log
            ),
            Writes: Pipeline("Purse.Writes", shouldRetry: null, attemptTimeout, log)
        );
    }

    /// <summary>Attempts and retries at Debug; nothing worse than Warning.</summary>
    private static ResilienceEventSeverity Severity(ResilienceEvent resilienceEvent)
    {
        if (resilienceEvent.EventName is "ExecutionAttempt" or "OnRetry" or "PipelineExecuting" or "PipelineExecuted")
        {
            return ResilienceEventSeverity.Debug;
        }
        return resilienceEvent.Severity > ResilienceEventSeverity.Warning
            ? ResilienceEventSeverity.Warning
            : resilienceEvent.Severity;
    }

    /// <summary>Retries (when <paramref name="shouldRetry"/> is given and retries are on), then the attempt's
    /// timeout.</summary>
    private ResiliencePipeline Pipeline(
        string name,
        Func<Exception?, bool>? shouldRetry,
        TimeoutStrategyOptions attemptTimeout,
        TelemetryOptions log
    )
    {
        var pipeline = new ResiliencePipelineBuilder { Name = name, TimeProvider = time };
        if (shouldRetry is not null && Options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(
                new RetryStrategyOptions
                {
                    Name = "Purse.Retry",
                    MaxRetryAttempts = Options.MaxRetryAttempts,
                    // A wait Purse asks for (Retry-After) that does not fit ends the call at once, as does a call out
                    // of time.
                    ShouldHandle = args =>
                        new(
                            shouldRetry(args.Outcome.Exception)
                                && Allowed(args.Context)
                                    >= (ResponseClassifier.RetryAfter(args.Outcome.Exception) ?? TimeSpan.Zero)
                        ),
                    DelayGenerator = args => new((TimeSpan?)Delay(args)),
                    OnRetry = OnRetryAsync,
                }
            );
        }
        return pipeline.AddTimeout(attemptTimeout).ConfigureTelemetry(log).Build();
    }

    /// <summary>A pooled context for one call, its start marked for the time-left arithmetic.</summary>
    public ResilienceContext Start(PurseOperation operation, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation.Name, cancellationToken);
        context.Properties.Set(CallStarted, time.GetTimestamp());
        return context;
    }

    private TimeSpan Left(ResilienceContext context) =>
        Options.TotalTimeout - time.GetElapsedTime(context.Properties.GetValue(CallStarted, time.GetTimestamp()));

    /// <summary>At most AttemptTimeout and the time left; never zero, which Polly reads as "no timeout".</summary>
    private TimeSpan AttemptTimeout(ResilienceContext context) =>
        Max(Min(Left(context), Options.AttemptTimeout), TimeSpan.FromMilliseconds(1));

    /// <summary>The longest wait before a retry: MaxRetryDelay, and no more than leaves the next attempt 10 ms
    /// (negative: no retry).</summary>
    private TimeSpan Allowed(ResilienceContext context) =>
        Min(Left(context) - TimeSpan.FromMilliseconds(10), Options.MaxRetryDelay);

    /// <summary>Purse's Retry-After, else <see cref="Backoff"/>; never beyond <see cref="Allowed"/>.</summary>
    private TimeSpan Delay(RetryDelayGeneratorArguments<object> args)
    {
        var wanted = ResponseClassifier.RetryAfter(args.Outcome.Exception) ?? Backoff(args.AttemptNumber);
        return Max(TimeSpan.Zero, Min(Allowed(args.Context), wanted));
    }

    /// <summary>Exponential backoff with jitter: 0.5 to 1.5 times RetryBaseDelay · 2^attempt (the exponent at most
    /// 16).</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = Math.Pow(2, Math.Min(attempt, 16));
        var jitter = 0.5 + Random.Shared.NextDouble();
        return Options.RetryBaseDelay * (exponential * jitter);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static ValueTask OnRetryAsync(OnRetryArguments<object> args)
    {
        PurseTelemetry.Retries.Add(
            1,
            new KeyValuePair<string, object?>(PurseTelemetry.OperationTag, args.Context.OperationKey)
        );
        if (Activity.Current is { Source.Name: PurseTelemetry.Name } operation)
        {
            operation.AddEvent(
                new ActivityEvent(
                    "purse.retry",
                    tags: new ActivityTagsCollection
                    {
                        ["purse.retry.attempt"] = args.AttemptNumber + 1,
                        ["purse.retry.delay_ms"] = args.RetryDelay.TotalMilliseconds,
                        ["http.response.status_code"] = (args.Outcome.Exception as PurseFailure)?.Status,
                        ["error.type"] = args.Outcome.Exception is PurseFailure { Status: not null }
                            ? null
                            : ErrorType(args.Outcome.Exception),
                    }
                )
            );
        }
        return default;
    }

    /// <summary>The type of what ended the attempt: the cause a failure carries, else the exception itself.</summary>
    private static string? ErrorType(Exception? exception) =>
        (exception is PurseFailure { InnerException: { } cause } ? cause : exception)?.GetType().FullName;

    private sealed record Pipelines(
        ResiliencePipeline Reads,
        ResiliencePipeline RetriedWrites,
        ResiliencePipeline Writes
    );
}
