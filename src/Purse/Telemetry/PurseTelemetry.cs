using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Purse;

/// <summary>
/// The client's traces and metrics, with System.Diagnostics only: an <see cref="ActivitySource"/>
/// and a <see cref="Meter"/> both named <c>Purse</c>, which OpenTelemetry picks up with
/// <c>AddSource("Purse")</c> and <c>AddMeter("Purse")</c>. Tags carry operation names, statuses,
/// outcomes and resource ids; never a credential, a body or personal data.
/// </summary>
public static class PurseTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Purse";

    internal static readonly ActivitySource Source = new(
        Name,
        typeof(PurseTelemetry).Assembly.GetName().Version?.ToString(3)
    );

    internal static readonly Meter Meter = new(Name, typeof(PurseTelemetry).Assembly.GetName().Version?.ToString(3));

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "purse.client.operation.duration",
        "s",
        "Duration of a Purse API operation, retries included."
    );

    internal static readonly Counter<long> TokenRequests = Meter.CreateCounter<long>(
        "purse.client.token.requests",
        "{request}",
        "OAuth2 token requests sent to the token endpoint."
    );

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "purse.client.retries",
        "{retry}",
        "Retries of API calls (reads, and writes with their idempotency key)."
    );

    internal static readonly Counter<long> RedirectionVerifications = Meter.CreateCounter<long>(
        "purse.client.redirection.verifications",
        "{verification}",
        "Redirection data verifications, by outcome."
    );

    internal static readonly Counter<long> JwksFetches = Meter.CreateCounter<long>(
        "purse.client.jwks.fetches",
        "{fetch}",
        "Fetches of Purse's signing keys, by outcome."
    );

    internal const string OperationTag = "purse.operation";
    internal const string OutcomeTag = "purse.outcome";
    internal const string Success = "success";

    /// <summary>The outcome tag of a failure: the exception type, or the refusal reason.</summary>
    internal static string Outcome(Exception exception) =>
        exception switch
        {
            PurseRedirectionDataException refused => refused.Reason.ToString(),
            OperationCanceledException => "cancelled",
            _ => exception.GetType().Name,
        };

    /// <summary>Marks a span as failed, the OpenTelemetry way (status and error.type).</summary>
    internal static void Fail(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error).SetTag("error.type", exception.GetType().FullName);

    /// <summary>Counts <paramref name="work"/> in <paramref name="counter"/> by outcome, and marks
    /// <paramref name="activity"/> if it fails.</summary>
    internal static async Task<T> CountAsync<T>(Counter<long> counter, Task<T> work, Activity? activity = null)
    {
        try
        {
            var result = await work.ConfigureAwait(false);
            counter.Add(1, new KeyValuePair<string, object?>(OutcomeTag, Success));
            return result;
        }
        catch (Exception exception)
        {
            counter.Add(1, new KeyValuePair<string, object?>(OutcomeTag, Outcome(exception)));
            Fail(activity, exception);
            throw;
        }
    }

    /// <summary>The span of an operation such as <c>GET payment/v2/payments/{id}</c>, with the OpenTelemetry HTTP
    /// client attributes.</summary>
    internal static Activity? StartOperation(string operation, Uri? server, bool hasUrlTemplate = true)
    {
        // Nothing below runs (nor allocates) when nobody listens: StartActivity then returns null.
        var space = operation.IndexOf(' ', StringComparison.Ordinal);
        return Source
            .StartActivity(operation, ActivityKind.Client)
            ?.SetTag(OperationTag, operation)
            .SetTag("http.request.method", operation[..space])
            .SetTag("url.template", hasUrlTemplate ? "/" + operation[(space + 1)..] : null)
            .SetTag("server.address", server?.Host)
            .SetTag("server.port", server?.Port);
    }

    /// <summary>Records the duration of an operation, retries included, when someone listens.</summary>
    internal static void RecordOperation(string operation, string outcome, long startedTimestamp)
    {
        if (OperationDuration.Enabled)
        {
            OperationDuration.Record(
                Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
                new KeyValuePair<string, object?>(OperationTag, operation),
                new KeyValuePair<string, object?>(OutcomeTag, outcome)
            );
        }
    }
}
