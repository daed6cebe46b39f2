namespace Purse;

/// <summary>How an attempt ended when it did not end in its result.</summary>
internal enum FailureKind
{
    /// <summary>Purse answered with an error status (3xx, 4xx, 5xx).</summary>
    Answered,

    /// <summary>Purse answered with a success status, but the answer cannot be used (broken, too large, about another
    /// resource).</summary>
    Unreadable,

    /// <summary>A handler of the application followed a redirect: the answer came from another host and is not
    /// used.</summary>
    Redirected,

    /// <summary>No answer: the network failed.</summary>
    Unreachable,

    /// <summary>No answer in time: the attempt's timeout, or one of a handler of the application.</summary>
    TimedOut,

    /// <summary>A resilience handler of the application refused to send the request (an open circuit breaker, a
    /// limiter).</summary>
    RefusedByHandler,

    /// <summary>No access token could be had: the request was not sent.</summary>
    NoToken,
}

/// <summary>
/// The one shape of a failure inside the call path, from where it happens until <see cref="PurseErrorMapper"/> turns
/// it, once, into the public exception. It is an exception only so that Polly can carry it as an attempt's outcome;
/// its message names the kind and the status, never a body, so that nothing Purse answered reaches Polly's logs.
/// </summary>
internal sealed class PurseFailure : Exception
{
    private PurseFailure(FailureKind kind, int? status, Exception? cause)
        : base(
            $"Purse call failed: {kind}{(status is { } s ? $" {s.ToString(CultureInfo.InvariantCulture)}" : "")}.",
            cause
        )
    {
        Kind = kind;
        Status = status;
    }

    public FailureKind Kind { get; }

    /// <summary>The HTTP status of the answer, when there was one.</summary>
    public int? Status { get; }

    /// <summary>The body of the answer (error bodies at most 64 KiB); only ever shown masked and bounded.</summary>
    public string? Body { get; private init; }

    /// <summary>The headers of the answer.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>>? Headers { get; private init; }

    /// <summary>What went wrong, in words that hold no value of the answer (e.g. where its JSON is broken).</summary>
    public string? Detail { get; private init; }

    /// <summary>The wait Purse asked for (<c>Retry-After</c>), read once when the answer arrived.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>The host a followed redirect led to (<see cref="FailureKind.Redirected"/>), masked by the
    /// mapper.</summary>
    public string? RedirectedTo { get; private init; }

    /// <summary>A failure that is already public: the token endpoint's (a refusal, or no answer).</summary>
    public PurseException? Prepared { get; private init; }

    public static PurseFailure Answered(
        int status,
        string? body,
        IReadOnlyDictionary<string, IEnumerable<string>>? headers,
        TimeSpan? retryAfter
    ) =>
        new(FailureKind.Answered, status, null)
        {
            Body = body,
            Headers = headers,
            RetryAfter = retryAfter,
        };

    public static PurseFailure Unreadable(
        int? status,
        string detail,
        string? body = null,
        IReadOnlyDictionary<string, IEnumerable<string>>? headers = null
    ) =>
        new(FailureKind.Unreadable, status, null)
        {
            Detail = detail,
            Body = body,
            Headers = headers,
        };

    public static PurseFailure Redirected(string? host, string detail) =>
        new(FailureKind.Redirected, null, null) { RedirectedTo = host, Detail = detail };

    public static PurseFailure Unreachable(HttpRequestException cause) =>
        new(FailureKind.Unreachable, null, cause) { Detail = cause.HttpRequestError.ToString() };

    public static PurseFailure TimedOut(Exception cause) => new(FailureKind.TimedOut, null, cause);

    public static PurseFailure RefusedByHandler(Exception cause) =>
        new(FailureKind.RefusedByHandler, null, cause) { Detail = cause.GetType().Name };

    public static PurseFailure NoToken(PurseException prepared) =>
        new(FailureKind.NoToken, null, null) { Prepared = prepared };
}
