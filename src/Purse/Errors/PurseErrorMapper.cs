using System.Globalization;
using System.Net;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;

namespace Purse;

/// <summary>Turns an error response into the matching <see cref="PurseApiException"/> subtype.</summary>
internal sealed class PurseErrorMapper
{
    /// <summary>Headers that carry a request id, most specific first (Purse does not document one).</summary>
    private static readonly string[] RequestIdHeaders = ["x-request-id", "request-id", "x-correlation-id", "x-amzn-requestid", "traceparent"];

    private const int MaxProblemField = 1000;
    private const int MaxProblemErrors = 50;

    private readonly SecretMasker _masker;
    private readonly TimeProvider _timeProvider;

    public PurseErrorMapper(SecretMasker masker, TimeProvider timeProvider)
    {
        _masker = masker;
        _timeProvider = timeProvider;
    }

    public PurseApiException FromResponse(string operation, bool isSafeToRepeat, int status, string? body, IReadOnlyDictionary<string, IEnumerable<string>>? headers)
    {
        var statusCode = (HttpStatusCode)status;
        var problem = TryParseProblem(body, _masker);
        var response = new PurseErrorResponse(statusCode, problem, _masker.Excerpt(body), RequestId(headers));
        var message = Describe(operation, status, response);

        return status switch
        {
            >= 300 and < 400 => Redirect(message, response, isSafeToRepeat, headers),
            429 when RetryAfter(headers) is { } delay => new PurseRateLimitedException(
                $"{message} Purse asks to wait {delay.TotalSeconds:0} s (Retry-After), longer than the client waits (Resilience.MaxRetryDelay, or the time left in Resilience.TotalTimeout).",
                response, delay),
            400 or 422 => new PurseValidationException(message, response),
            401 or 403 => new PurseAuthenticationException(message, response, fromTokenEndpoint: false),
            404 => new PurseNotFoundException(message, response),
            409 => new PurseConflictException(message, response),
            429 => new PurseRateLimitedException(message, response, RetryAfter(headers)),
            >= 500 and < 600 => new PurseServerException(
                isSafeToRepeat ? message : message + " The operation may or may not have been carried out: read the resource before trying again.",
                response),
            _ => new PurseApiException(message, response),
        };
    }

    public string Describe(string operation, int status, PurseErrorResponse response)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Purse answered {status} ({ReasonPhrase(status)}) to {operation}");
        if (response.Problem is { } problem)
        {
            var summary = string.Join(": ", new[] { problem.Title, problem.Detail }.Where(s => !string.IsNullOrWhiteSpace(s)));
            if (summary.Length > 0)
            {
                text.Append(": ").Append(_masker.Apply(Bound(summary, 300)));
            }
            var errors = problem.Errors?.Where(e => e is not null).Take(5).Select(e => $"{e.Pointer ?? "?"} {e.Detail}".Trim()).ToList();
            if (errors is { Count: > 0 })
            {
                text.Append(" [").Append(_masker.Apply(Bound(string.Join("; ", errors), 300))).Append(']');
            }
        }
        else if (response.BodyExcerpt is null)
        {
            text.Append(" with an empty body");
        }
        else
        {
            text.Append(" with a body that is not problem details");
        }
        text.Append('.');
        if (response.RequestId is not null)
        {
            text.Append(" Request id: ").Append(response.RequestId).Append('.');
        }
        return text.ToString();
    }

    /// <summary>
    /// A redirect is never followed: the request carried the API key, and whatever answers
    /// elsewhere is not Purse. The Location host is named (masked) so the cause can be found.
    /// </summary>
    private PurseRedirectException Redirect(string message, PurseErrorResponse response, bool isSafeToRepeat, IReadOnlyDictionary<string, IEnumerable<string>>? headers)
    {
        var location = Header(headers, "Location");
        var host = Uri.TryCreate(location, UriKind.Absolute, out var target) ? _masker.Printable(target.Host, 128) : null;
        return new PurseRedirectException(
            $"{message} It redirects to {(host is null ? "no usable address" : $"host '{host}'")}; the client never follows a redirect, so nothing was sent there." +
            (isSafeToRepeat ? "" : " The request may have reached Purse: read the resource before trying again."),
            response,
            host);
    }

    private static string? Header(IReadOnlyDictionary<string, IEnumerable<string>>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>The response's request id, masked (a server may echo a credential there) and bounded.</summary>
    public string? RequestId(IReadOnlyDictionary<string, IEnumerable<string>>? headers)
    {
        if (headers is null)
        {
            return null;
        }
        foreach (var name in RequestIdHeaders)
        {
            var value = headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
            if (!string.IsNullOrWhiteSpace(value))
            {
                return _masker.Printable(value, 128);
            }
        }
        return null;
    }

    /// <summary>Reads <c>Retry-After</c> as seconds or as an HTTP date.</summary>
    public TimeSpan? RetryAfter(IReadOnlyDictionary<string, IEnumerable<string>>? headers) =>
        ParseRetryAfter(Header(headers, "Retry-After"), _timeProvider.GetUtcNow());

    /// <summary>
    /// A <c>Retry-After</c> value as a delay: whole seconds (of any size) or an HTTP date; null
    /// when unreadable. The resilience pipeline and the exceptions read it the same way.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds <= TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : null;
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var delay = date - now;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>
    /// Reads RFC 7807 problem details leniently: only a JSON object with at least one of
    /// type, title, detail or errors counts; anything unreadable yields null, never an exception.
    /// </summary>
    public static ProblemDetails? TryParseProblem(string? body, SecretMasker masker)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return null;
        }
        try
        {
            var json = JObject.Parse(body);
            var problem = new ProblemDetails
            {
                Type = Text(json["type"], masker),
                Title = Text(json["title"], masker),
                Detail = Text(json["detail"], masker),
                Instance = Text(json["instance"], masker),
                Status = json["status"] is JValue { Type: JTokenType.Integer } status && status.Value is long s && s is >= 100 and < 1000 ? (int)s : null,
            };
            if (json["errors"] is JArray errors)
            {
                problem.Errors = errors.OfType<JObject>()
                    .Take(MaxProblemErrors)
                    .Select(e => new ProblemDetailsError { Detail = Text(e["detail"], masker), Pointer = Text(e["pointer"], masker) })
                    .ToList();
            }
            return problem.Type is null && problem.Title is null && problem.Detail is null && problem.Errors is null ? null : problem;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A problem field as the exception keeps it: masked and bounded (the body itself is capped at 64 KB).</summary>
    private static string? Text(JToken? token, SecretMasker masker) =>
        token is JValue { Type: JTokenType.String, Value: string text } ? masker.Printable(text, MaxProblemField) : null;

    private static string Bound(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static string ReasonPhrase(int status) =>
        Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : "unknown status";
}
