using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Purse;

/// <summary>Turns an error response into the matching <see cref="PurseApiException"/> subtype.</summary>
internal sealed class PurseErrorMapper(SecretMasker masker, TimeProvider timeProvider)
{
    /// <summary>Headers that carry a request id, most specific first (Purse does not document one).</summary>
    private static readonly string[] RequestIdHeaders = ["x-request-id", "request-id", "x-correlation-id", "x-amzn-requestid", "traceparent"];

    /// <summary>The problem type of Purse's 409 for an idempotency key already processed (page "Idempotency").</summary>
    public const string WriteConflictType = "urn:eu.purse:write-conflict";

    public PurseApiException FromResponse(string operation, int status, string? body, IReadOnlyDictionary<string, IEnumerable<string>>? headers)
    {
        var response = new PurseErrorResponse((HttpStatusCode)status, TryParseProblem(body, masker), masker.Excerpt(body), RequestId(headers));
        var message = Describe(operation, status, response);
        var retryAfter = RetryAfter(headers);
        return status switch
        {
            >= 300 and < 400 => Redirect(message, response, LocationHost(headers)),
            400 or 422 => new PurseValidationException(message, response),
            401 or 403 => new PurseAuthenticationException(message, response, fromTokenEndpoint: false),
            404 => new PurseNotFoundException(message, response),
            409 => new PurseConflictException(message, response),
            429 => new PurseRateLimitedException(
                retryAfter is null ? message
                    : $"{message} Purse asks to wait {Wait(retryAfter.Value)} (Retry-After), longer than the client " +
                        "waits (Resilience.MaxRetryDelay, or the time left in Resilience.TotalTimeout).",
                response, retryAfter),
            >= 500 and < 600 => new PurseServerException(message, response),
            _ => new PurseApiException(message, response),
        };
    }

    private static string Wait(TimeSpan retryAfter) =>
        retryAfter == TimeSpan.MaxValue ? "longer than a TimeSpan holds" : $"{retryAfter.TotalSeconds:0} s";

    private string Describe(string operation, int status, PurseErrorResponse response)
    {
        var body = response switch
        {
            { Problem: { } problem } => Summary(problem),
            { BodyExcerpt: null } => " with an empty body",
            _ => " with a body that is not problem details",
        };
        var requestId = response.RequestId is null ? "" : $" Request id: {response.RequestId}.";
        var reason = Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : "unknown status";
        return string.Create(CultureInfo.InvariantCulture, $"Purse answered {status} ({reason}) to {operation}{body}.{requestId}");
    }

    /// <summary>The problem's title, detail and first errors (fields already masked and printable), bounded.</summary>
    private string Summary(ProblemDetails problem)
    {
        var summary = masker.Printable(string.Join(": ", new[] { problem.Title, problem.Detail }.OfType<string>()), 300);
        var errors = masker.Printable(string.Join("; ", problem.Errors?.Take(5).Select(e => $"{e.Pointer ?? "?"} {e.Detail}".Trim()) ?? []), 300);
        return (summary is null ? "" : ": " + summary) + (errors is null ? "" : $" [{errors}]");
    }

    /// <summary>
    /// A redirect is never followed: the request carried the API key, and whatever answers
    /// elsewhere is not Purse. The Location host is named (masked) so the cause can be found.
    /// </summary>
    private static PurseRedirectException Redirect(string message, PurseErrorResponse response, string? host) => new(
        $"{message} It redirects to {(host is null ? "no usable address" : $"host '{host}'")}; " +
        "the client never follows a redirect, so nothing was sent there.",
        response, host);

    /// <summary>The host of an absolute <c>Location</c>, masked and bounded.</summary>
    private string? LocationHost(IReadOnlyDictionary<string, IEnumerable<string>>? headers) =>
        Uri.TryCreate(Header(headers, "Location"), UriKind.Absolute, out var target) ? masker.Printable(target.Host, 128) : null;

    private static string? Header(IReadOnlyDictionary<string, IEnumerable<string>>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>The response's request id, masked (a server may echo a credential there) and bounded.</summary>
    public string? RequestId(IReadOnlyDictionary<string, IEnumerable<string>>? headers) =>
        masker.Printable(RequestIdHeaders.Select(name => Header(headers, name)).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value)), 128);

    /// <summary>Reads <c>Retry-After</c> as seconds or as an HTTP date.</summary>
    public TimeSpan? RetryAfter(IReadOnlyDictionary<string, IEnumerable<string>>? headers) =>
        ParseRetryAfter(Header(headers, "Retry-After"), timeProvider.GetUtcNow());

    /// <summary>
    /// A <c>Retry-After</c> value as a delay: whole seconds (of any size: beyond what a TimeSpan holds,
    /// <see cref="TimeSpan.MaxValue"/>, too long to wait) or an HTTP date; null when unreadable. The resilience
    /// pipeline and the exceptions read it the same way.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now) => value?.Trim() switch
    {
        { Length: > 0 } text when text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0 => Seconds(text),
        var text when DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) =>
            date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    // Half of TimeSpan's range leaves room for the arithmetic on delays; beyond it, "longer than can be counted".
    private static TimeSpan Seconds(string digits) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.MaxValue;

    /// <summary>
    /// Reads RFC 7807 problem details leniently: only a JSON object with at least one of
    /// type, title, detail or errors counts; anything unreadable yields null, never an exception.
    /// String fields are kept masked and bounded (1000 characters), with at most 50 errors.
    /// </summary>
    public static ProblemDetails? TryParseProblem(string? body, SecretMasker masker)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{') return null;
        string? Text(JToken? token) => token is JValue { Type: JTokenType.String, Value: string text } ? masker.Printable(text, 1000) : null;
        try
        {
            var json = JObject.Parse(body);
            var type = Text(json["type"]);
            // Purse's 409 for an idempotency key already processed names the earlier result.
            var problem = type == WriteConflictType
                ? new WriteConflictProblem { ResourceId = Guid.TryParse(Text(json["resource_id"]), out var id) ? id : null }
                : new ProblemDetails();
            problem.Type = type;
            problem.Title = Text(json["title"]);
            problem.Detail = Text(json["detail"]);
            problem.Instance = Text(json["instance"]);
            problem.Status = json["status"] is JValue { Type: JTokenType.Integer, Value: long status and >= 100 and < 1000 } ? (int)status : null;
            problem.Errors = (json["errors"] as JArray)?.OfType<JObject>().Take(50)
                .Select(e => new ProblemDetailsError { Detail = Text(e["detail"]), Pointer = Text(e["pointer"]) }).ToList();
            return problem is { Type: null, Title: null, Detail: null, Errors: null } ? null : problem;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
