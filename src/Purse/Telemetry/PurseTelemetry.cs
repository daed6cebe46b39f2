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

    internal static readonly ActivitySource Source = new(Name, typeof(PurseTelemetry).Assembly.GetName().Version?.ToString(3));

    internal static readonly Meter Meter = new(Name, typeof(PurseTelemetry).Assembly.GetName().Version?.ToString(3));

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "purse.client.operation.duration", "s", "Duration of a Purse API operation, retries included.");

    internal static readonly Counter<long> TokenRequests = Meter.CreateCounter<long>(
        "purse.client.token.requests", "{request}", "OAuth2 token requests sent to the token endpoint.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "purse.client.retries", "{retry}", "Retries of API reads.");

    internal static readonly Counter<long> RedirectionVerifications = Meter.CreateCounter<long>(
        "purse.client.redirection.verifications", "{verification}", "Redirection data verifications, by outcome.");

    internal static readonly Counter<long> JwksFetches = Meter.CreateCounter<long>(
        "purse.client.jwks.fetches", "{fetch}", "Fetches of Purse's signing keys, by outcome.");

    /// <summary>The facade operation running on this async flow (for the retry counter's tag).</summary>
    internal static readonly AsyncLocal<string?> CurrentOperation = new();

    internal const string OperationTag = "purse.operation";
    internal const string OutcomeTag = "purse.outcome";
    internal const string Success = "success";

    /// <summary>The outcome tag of a failure: the exception type, or the refusal reason.</summary>
    internal static string Outcome(Exception exception) => exception switch
    {
        PurseRedirectionException refused => refused.Reason.ToString(),
        OperationCanceledException => "cancelled",
        _ => exception.GetType().Name,
    };

    /// <summary>Marks a span as failed, the OpenTelemetry way (status and error.type).</summary>
    internal static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetStatus(ActivityStatusCode.Error);
        activity.SetTag("error.type", exception.GetType().FullName);
    }
}
