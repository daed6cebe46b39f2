using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Purse;

/// <summary>
/// Turns a <see cref="PurseFailure"/> into the public exception, once, after the call path is done: an error status
/// into the matching <see cref="PurseApiException"/> subtype, a body that cannot be used into a
/// <see cref="PurseResponseException"/>, no answer into a <see cref="PurseConnectionException"/>. Everything of the
/// answer that reaches a message or a property is masked and bounded.
/// </summary>
internal sealed class PurseErrorMapper(
    [FromKeyedServices] SecretMasker masker,
    [FromKeyedServices] IOptions<PurseClientOptions> options
)
{
    /// <summary>Headers that carry a request id, most specific first (Purse does not document one).</summary>
    private static readonly string[] RequestIdHeaders =
    [
        "x-request-id",
        "request-id",
        "x-correlation-id",
        "x-amzn-requestid",
        "traceparent",
    ];

    /// <summary>The problem type of Purse's 409 for an idempotency key already processed (page
    /// "Idempotency").</summary>
    public const string WriteConflictType = "urn:eu.purse:write-conflict";

    /// <summary>The exception the caller gets for <paramref name="failure"/>.</summary>
    /// <param name="failure">How the call ended.</param>
    /// <param name="operation">The operation, named in the message.</param>
    /// <param name="mayHaveReachedPurse">Whether a request of the call may have been carried out.</param>
    public PurseException ToException(PurseFailure failure, PurseOperation operation, bool mayHaveReachedPurse) =>
        failure.Kind switch
        {
            FailureKind.Answered => FromAnswer(operation, failure),
            FailureKind.Unreadable => Unreadable(operation, failure),
            FailureKind.Redirected => Redirected(operation, failure, mayHaveReachedPurse),
            FailureKind.Unreachable => new PurseConnectionException(
                $"Purse could not be reached for {operation} ({failure.Detail}).",
                isTimeout: false,
                failure.InnerException,
                PurseOutcome.Unknown
            ),
            FailureKind.TimedOut when mayHaveReachedPurse => new PurseConnectionException(
                $"Purse did not answer {operation} in time.",
                isTimeout: true,
                failure.InnerException,
                PurseOutcome.Unknown
            ),
            FailureKind.TimedOut => new PurseConnectionException(
                $"{operation} ran out of time before its request was sent (obtaining the access token took the "
                    + "attempt's time); nothing was sent to Purse.",
                isTimeout: true,
                failure.InnerException,
                PurseOutcome.NotSent
            ),
            FailureKind.RefusedByHandler => new PurseConnectionException(
                $"An HTTP handler of the application refused {operation} ({failure.Detail}).",
                isTimeout: false,
                failure.InnerException,
                mayHaveReachedPurse ? PurseOutcome.Unknown : PurseOutcome.NotSent
            ),
            _ => failure.Prepared
                ?? throw new InvalidOperationException($"A failure of kind {failure.Kind} carries no exception."),
        };

    private PurseApiException FromAnswer(PurseOperation operation, PurseFailure failure)
    {
        var status = failure.Status!.Value;
        var (body, headers) = (failure.Body, failure.Headers);
        var response = new PurseErrorResponse(
            (HttpStatusCode)status,
            TryParseProblem(body, masker),
            masker.Excerpt(body),
            RequestId(headers)
        );
        var message = Describe(operation.Name, status, response);
        return status switch
        {
            >= 300 and < 400 => Redirect(message, response, LocationHost(headers)),
            400 or 422 => new PurseValidationException(message, response),
            401 or 403 => new PurseAuthenticationException(message, response, fromTokenEndpoint: false),
            404 => new PurseNotFoundException(message, response),
            409 => new PurseConflictException(message, response),
            429 => new PurseRateLimitedException(
                RateLimited(message, operation, failure.RetryAfter),
                response,
                failure.RetryAfter
            ),
            >= 500 and < 600 => new PurseServerException(message, response),
            _ => new PurseApiException(message, response),
        };
    }

    /// <summary>Why the client did not wait as long as Purse asked: said as it is.</summary>
    private string RateLimited(string message, PurseOperation operation, TimeSpan? retryAfter)
    {
        if (retryAfter is not { } wait)
        {
            return message;
        }
        var resilience = options.Value.Resilience;
        var why =
            operation.Kind == OperationKind.KeyedWriteOnce && !resilience.RetryCreatesAndAbort
                ? "this operation is not retried (Resilience.RetryCreatesAndAbort)"
            : wait > resilience.MaxRetryDelay
                ? "that is longer than the client waits (Resilience.MaxRetryDelay, "
                    + $"{Seconds(resilience.MaxRetryDelay)})"
            : "the client's retries were spent, or the wait did not fit in the time left of Resilience.TotalTimeout";
        return $"{message} Purse asks to wait {Seconds(wait)} (Retry-After); {why}.";
    }

    private static string Seconds(TimeSpan wait) =>
        wait == TimeSpan.MaxValue
            ? "longer than a TimeSpan holds"
            : string.Create(CultureInfo.InvariantCulture, $"{wait.TotalSeconds:0.###} s");

    /// <summary>A success status whose answer cannot be used; said without any value of the body.</summary>
    private PurseResponseException Unreadable(PurseOperation operation, PurseFailure failure)
    {
        var requestId = RequestId(failure.Headers);
        // The detail may quote the body (a JSON reader's path is made of its property names): server text.
        var detail = masker.Printable(failure.Detail, 300) ?? "no detail";
        var message = failure.Status is { } status
            ? $"Purse answered {status} to {operation}, but the body cannot be read ({detail})."
            : $"Purse's answer to {operation} cannot be used: {detail}.";
        return new PurseResponseException(
            message + (requestId is null ? "" : $" Request id: {requestId}."),
            (HttpStatusCode?)failure.Status,
            masker.Excerpt(failure.Body),
            requestId
        );
    }

    /// <summary>
    /// A redirect a handler of the application followed (Purse answered with a redirect: refused), or a request a
    /// handler pointed at another host before it left (not sent): either way nothing of that host is used.
    /// </summary>
    private PurseHttpRedirectException Redirected(PurseOperation operation, PurseFailure failure, bool sent)
    {
        var host = masker.Printable(failure.RedirectedTo, 128);
        return new PurseHttpRedirectException(
            $"Purse's answer to {operation} was not used: {failure.Detail} (host '{host}').",
            new PurseErrorResponse(null, null, null, null),
            host,
            sent ? PurseOutcome.Refused : PurseOutcome.NotSent
        );
    }

    private string Describe(string operation, int status, PurseErrorResponse response)
    {
        var body = response switch
        {
            { Problem: { } problem } => Summary(problem),
            { BodyExcerpt: null } => " with an empty body",
            _ => " with a body that is not problem details",
        };
        var requestId = response.RequestId is null ? "" : $" Request id: {response.RequestId}.";
        var reason = Enum.IsDefined(typeof(HttpStatusCode), status)
            ? ((HttpStatusCode)status).ToString()
            : "unknown status";
        var sentence = string.Create(
            CultureInfo.InvariantCulture,
            $"Purse answered {status} ({reason}) to {operation}{body}"
        );
        // A problem's detail may end the sentence with its own period.
        return (sentence.EndsWith('.') ? sentence : sentence + ".") + requestId;
    }

    /// <summary>The problem's title, detail and first errors (fields already masked and printable), bounded.</summary>
    private string Summary(ProblemDetails problem)
    {
        var summary = masker.Printable(
            string.Join(": ", new[] { problem.Title, problem.Detail }.OfType<string>()),
            300
        );
        var errors = masker.Printable(
            string.Join("; ", problem.Errors?.Take(5).Select(e => $"{e.Pointer ?? "?"} {e.Detail}".Trim()) ?? []),
            300
        );
        return (summary is null ? "" : ": " + summary) + (errors is null ? "" : $" [{errors}]");
    }

    /// <summary>
    /// A redirect is never followed: the request carried the API key, and whatever answers
    /// elsewhere is not Purse. The Location host is named (masked) so the cause can be found.
    /// </summary>
    private static PurseHttpRedirectException Redirect(string message, PurseErrorResponse response, string? host) =>
        new(
            $"{message} It redirects to {(host is null ? "no usable address" : $"host '{host}'")}; "
                + "the client never follows a redirect, so nothing was sent there.",
            response,
            host
        );

    /// <summary>The host of an absolute <c>Location</c>, masked and bounded.</summary>
    private string? LocationHost(IReadOnlyDictionary<string, IEnumerable<string>>? headers) =>
        Uri.TryCreate(ResponseClassifier.Header(headers, "Location"), UriKind.Absolute, out var target)
            ? masker.Printable(target.Host, 128)
            : null;

    /// <summary>The response's request id, masked (a server may echo a credential there) and bounded.</summary>
    public string? RequestId(IReadOnlyDictionary<string, IEnumerable<string>>? headers) =>
        masker.Printable(
            RequestIdHeaders
                .Select(name => ResponseClassifier.Header(headers, name))
                .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value)),
            128
        );

    /// <summary>
    /// A <c>Retry-After</c> value as a delay: whole seconds (of any size: beyond what a TimeSpan holds,
    /// <see cref="TimeSpan.MaxValue"/>, too long to wait) or an HTTP date; null when unreadable. The resilience
    /// pipeline and the exceptions read it the same way.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now) =>
        value?.Trim() switch
        {
            { Length: > 0 } text when text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0 => Seconds(text),
            var text
                when DateTimeOffset.TryParseExact(
                    text,
                    "r",
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal,
                    out var date
                ) => date > now ? date - now : TimeSpan.Zero,
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
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
            return null;
        string? Text(JToken? token) =>
            token is JValue { Type: JTokenType.String, Value: string text } ? masker.Printable(text, 1000) : null;
        try
        {
            var json = JObject.Parse(body);
            var type = Text(json["type"]);
            // Purse's 409 for an idempotency key already processed names the earlier result.
            var problem =
                type == WriteConflictType
                    ? new WriteConflictProblem
                    {
                        ResourceId = Guid.TryParse(Text(json["resource_id"]), out var id) ? id : null,
                    }
                    : new ProblemDetails();
            problem.Type = type;
            problem.Title = Text(json["title"]);
            problem.Detail = Text(json["detail"]);
            problem.Instance = Text(json["instance"]);
            problem.Status = json["status"]
                is JValue { Type: JTokenType.Integer, Value: long status and >= 100 and < 1000 }
                ? (int)status
                : null;
            problem.Errors = (json["errors"] as JArray)
                ?.OfType<JObject>()
                .Take(50)
                .Select(e => new ProblemDetailsError { Detail = Text(e["detail"]), Pointer = Text(e["pointer"]) })
                .ToList();
            return problem is { Type: null, Title: null, Detail: null, Errors: null } ? null : problem;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
