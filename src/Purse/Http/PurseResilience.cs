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

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, PurseResilienceOptions options)
    {
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "Purse.TotalTimeout", Timeout = options.TotalTimeout });

        if (options.MaxRetryAttempts > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                Name = "Purse.Retry",
                // Transient: network errors, attempt timeouts, 408, 429 and 5xx.
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            };
            // Purse publishes no idempotency key: a POST or PATCH that may have reached it
            // (create, capture, refund, void, abort) is never sent twice.
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
        }

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "Purse.AttemptTimeout", Timeout = options.AttemptTimeout });
    }
}
