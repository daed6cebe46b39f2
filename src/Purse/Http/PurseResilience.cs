using System.Diagnostics;
using System.Net.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Purse;

/// <summary>
/// The resilience pipeline of API calls (Microsoft.Extensions.Http.Resilience): an overall
/// timeout, retries of reads only, and a timeout per attempt.
/// </summary>
internal static class PurseResilience
{
    public const string PipelineName = "Purse.Api";

    /// <summary>When the call started (set by the first attempt), to know the time left for a retry.</summary>
    private static readonly HttpRequestOptionsKey<long> CallStarted = new("Purse.CallStarted");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, PurseResilienceOptions options, TimeProvider time)
    {
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "Purse.TotalTimeout", Timeout = options.TotalTimeout });

        if (options.MaxRetryAttempts > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                Name = "Purse.Retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Polly would honour any Retry-After, however long (and throw past ~49 days):
                // the delay Purse asks for is used only when it fits (see ShouldHandle).
                ShouldRetryAfterHeader = false,
                // Transient: network errors, attempt timeouts, 408, 429 and 5xx; but not when
                // Purse asks to wait longer than the client may: that 429 is returned at once.
                ShouldHandle = args => new ValueTask<bool>(
                    HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    && !(args.Outcome.Result is { } response && RetryAfter(response, time) > Allowed(response, options, time))),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result is { } response ? RetryAfter(response, time) : null),
                OnRetry = args =>
                {
                    PurseTelemetry.Retries.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OperationTag, PurseTelemetry.CurrentOperation.Value));
                    if (Activity.Current is { Source.Name: PurseTelemetry.Name } operation)
                    {
                        operation.AddEvent(new ActivityEvent("purse.retry", tags: new ActivityTagsCollection
                        {
                            ["purse.retry.attempt"] = args.AttemptNumber + 1,
                            ["purse.retry.delay_ms"] = args.RetryDelay.TotalMilliseconds,
                            ["http.response.status_code"] = (int?)args.Outcome.Result?.StatusCode,
                            ["error.type"] = args.Outcome.Exception?.GetType().FullName,
                        }));
                    }
                    return default;
                },
            };
            // Purse publishes no idempotency key: a POST that may have reached it (create,
            // capture, refund, void, abort) is never sent twice.
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
        }

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "Purse.AttemptTimeout", Timeout = options.AttemptTimeout });
    }

    /// <summary>Marks the start of the call on its first attempt.</summary>
    public static void MarkStart(HttpRequestMessage request, TimeProvider time)
    {
        if (!request.Options.TryGetValue(CallStarted, out _))
        {
            request.Options.Set(CallStarted, time.GetTimestamp());
        }
    }

    /// <summary>The delay of a readable Retry-After header (seconds or HTTP date), else null.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        // The raw value: the typed header gives up past 32-bit seconds.
        return response.Headers.TryGetValues("Retry-After", out var values)
            ? PurseErrorMapper.ParseRetryAfter(values.FirstOrDefault(), time.GetUtcNow())
            : null;
    }

    /// <summary>The longest wait before a retry: MaxRetryDelay, and no more than the time left in the total timeout.</summary>
    private static TimeSpan Allowed(HttpResponseMessage response, PurseResilienceOptions options, TimeProvider time)
    {
        var left = response.RequestMessage is { } request && request.Options.TryGetValue(CallStarted, out var started)
            ? options.TotalTimeout - time.GetElapsedTime(started)
            : options.TotalTimeout;
        return left < options.MaxRetryDelay ? left : options.MaxRetryDelay;
    }
}
