using Newtonsoft.Json;
using Polly;
using Polly.Timeout;

namespace Purse;

/// <summary>
/// Decides, once, what an attempt's end means (in the manner of Azure.Core's <c>ResponseClassifier</c>): which
/// <see cref="PurseFailure"/> it is, and whether the call may try again. Every rule about answers is here.
/// </summary>
internal static class ResponseClassifier
{
    /// <summary>
    /// What the generated client threw: an error status is <see cref="FailureKind.Answered"/>; a success status it
    /// could not read (its JSON broken or of the wrong shape, an empty body) is <see cref="FailureKind.Unreadable"/>,
    /// with where the JSON went wrong but none of its values (Newtonsoft quotes them in its messages).
    /// </summary>
    public static PurseFailure Classify(RawApiException answer, DateTimeOffset now)
    {
        var status = answer.StatusCode;
        if (status is < 200 or >= 300)
        {
            var retryAfter = PurseErrorMapper.ParseRetryAfter(Header(answer.Headers, "Retry-After"), now);
            return PurseFailure.Answered(status, answer.Response, answer.Headers, retryAfter);
        }
        var detail = answer.InnerException switch
        {
            JsonReaderException r => $"invalid JSON at '{r.Path}', line {r.LineNumber}, position {r.LinePosition}",
            JsonSerializationException s =>
                $"a value that does not fit its type at '{s.Path}', line {s.LineNumber}, position {s.LinePosition}",
            { } other => other.GetType().Name,
            null when string.IsNullOrWhiteSpace(answer.Response) => "empty body",
            null => "null body",
        };
        return PurseFailure.Unreadable(status, detail, answer.Response, answer.Headers);
    }

    /// <summary>
    /// Anything else an attempt can end in, or null for the caller's own cancellation (which stays an
    /// <see cref="OperationCanceledException"/>) and for defects that are not Purse's (they are not hidden).
    /// </summary>
    public static PurseFailure? Classify(Exception exception, CancellationToken callerToken) =>
        exception switch
        {
            PurseFailure failure => failure,
            // Thrown inside the call path, a public exception is the token's: its endpoint refused or could not be
            // reached.
            PurseException noToken => PurseFailure.NoToken(noToken),
            OperationCanceledException when callerToken.IsCancellationRequested => null,
            HttpRequestException unreachable => PurseFailure.Unreachable(unreachable),
            // The attempt's timeout (Polly's, or that of a resilience handler of the application), or a cancelled send.
            TimeoutRejectedException or OperationCanceledException => PurseFailure.TimedOut(exception),
            ExecutionRejectedException => PurseFailure.RefusedByHandler(exception),
            // A converter may fail outside the raw client's own JSON handling, and HttpContent refuses a charset it
            // does
            // not know (InvalidOperationException): the body cannot be read, and the exception's message may quote it.
            JsonException
            or FormatException
            or InvalidCastException
            or OverflowException
            or ArgumentException
            or InvalidOperationException
            and not ObjectDisposedException => PurseFailure.Unreadable(null, exception.GetType().Name),
            _ => null,
        };

    /// <summary>
    /// Whether the call may try again after <paramref name="exception"/>. A read: after no answer, 408, 429 and 5xx.
    /// A write carrying its idempotency key: after no answer (also once sent: Purse carries a key out once), 408,
    /// 429, 502, 503 and 504; not after a 500, an error of Purse's that repeats. Never after a refusal.
    /// </summary>
    public static bool IsRetriable(Exception? exception, bool isWrite) =>
        exception switch
        {
            TimeoutRejectedException => true,
            PurseFailure { Kind: FailureKind.Unreachable or FailureKind.TimedOut } => true,
            PurseFailure { Kind: FailureKind.Answered, Status: 408 or 429 } => true,
            PurseFailure { Kind: FailureKind.Answered, Status: 502 or 503 or 504 } => true,
            PurseFailure { Kind: FailureKind.Answered, Status: >= 500 } => !isWrite,
            _ => false,
        };

    /// <summary>The wait Purse asked for before the call tries again, when it did.</summary>
    public static TimeSpan? RetryAfter(Exception? exception) => (exception as PurseFailure)?.RetryAfter;

    /// <summary>
    /// Whether Purse's answer says it did not carry the request out: a 4xx, or a 307 or 308 (the same request asked
    /// at another address, RFC 9110). Anything else that left (a success, a 5xx, no answer, another redirect: a 303
    /// points to the result of a request that was processed, a 301 or 302 does not say) may have been carried out.
    /// </summary>
    public static bool IsRefusal(int status) => status is 307 or 308 or (>= 400 and < 500);

    public static string? Header(IReadOnlyDictionary<string, IEnumerable<string>>? headers, string name) =>
        headers
            ?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .Value?.FirstOrDefault();
}
