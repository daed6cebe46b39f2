namespace Purse;

/// <summary>
/// The base of every error the Purse client throws: API errors, authentication failures,
/// invalid input caught before sending, unreadable responses, untrusted redirection data.
/// Messages never contain secrets (client secret, API key, access token).
/// </summary>
/// <param name="message">The message.</param>
/// <param name="innerException">The cause, if any.</param>
public class PurseException(string message, Exception? innerException) : Exception(message, innerException)
{
    /// <summary>Creates an error with a message.</summary>
    public PurseException(string message) : this(message, null) { }

    /// <summary>
    /// What the failed call did at Purse: <see cref="PurseOutcome.NotSent"/> (also for errors of no call, such as
    /// untrusted redirection data), <see cref="PurseOutcome.Refused"/> or <see cref="PurseOutcome.Unknown"/>.
    /// </summary>
    public virtual PurseOutcome Outcome => PurseOutcome.NotSent;
}

/// <summary>
/// No answer from Purse: the network failed or the call timed out (after the retries the call
/// allows). From a capture, refund, void, create or abort that may have reached Purse, this is the
/// <see cref="Exception.InnerException"/> of a <see cref="PurseOutcomeUnknownException"/>.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="isTimeout">Whether the call ran out of time.</param>
/// <param name="innerException">The cause.</param>
/// <param name="outcome">Whether the request may have reached Purse.</param>
public sealed class PurseConnectionException(string message, bool isTimeout, Exception? innerException, PurseOutcome outcome)
    : PurseException(message, innerException)
{
    /// <summary>A failure after which the request may have reached Purse (<see cref="PurseOutcome.Unknown"/>).</summary>
    /// <param name="message">The message.</param>
    /// <param name="isTimeout">Whether the call ran out of time.</param>
    /// <param name="innerException">The cause.</param>
    public PurseConnectionException(string message, bool isTimeout, Exception? innerException)
        : this(message, isTimeout, innerException, PurseOutcome.Unknown)
    {
    }

    /// <summary>True when the call ran out of time rather than failing outright.</summary>
    public bool IsTimeout { get; } = isTimeout;

    /// <summary>
    /// <see cref="PurseOutcome.Unknown"/> once the request may have been sent; <see cref="PurseOutcome.NotSent"/> when
    /// the time ran out or the network failed before (e.g. while the access token was being obtained).
    /// </summary>
    public override PurseOutcome Outcome { get; } = outcome;
}

/// <summary>
/// A request the client refused before sending it, because it could already tell that it is
/// wrong (a split that does not add up, an amount in the wrong currency, a missing field).
/// Nothing was sent to Purse.
/// </summary>
/// <param name="field">The offending request field.</param>
/// <param name="message">What is wrong with it.</param>
public sealed class PurseInvalidRequestException(string field, string message) : PurseException($"Invalid request ({field}): {message}")
{
    /// <summary>The JSON path or parameter of the offending value, e.g. <c>split[1].amount</c>.</summary>
    public string Field { get; } = field;
}

/// <summary>
/// Purse answered with a success status but a body the client cannot read (broken JSON, wrong
/// types, a required field missing, too large), or about another resource than the one asked for.
/// Not a <see cref="PurseApiException"/>: Purse accepted the request. From a capture, refund, void,
/// create or abort, this is the <see cref="Exception.InnerException"/> of a
/// <see cref="PurseOutcomeUnknownException"/>.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="statusCode">The (success) status.</param>
/// <param name="bodyExcerpt">The start of the body, masked.</param>
/// <param name="requestId">The request id header.</param>
public sealed class PurseResponseException(string message, HttpStatusCode? statusCode, string? bodyExcerpt, string? requestId)
    : PurseException(message)
{
    /// <summary>The (success) status Purse answered with, when known.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>The start of the body (at most 512 characters), with known secrets masked.</summary>
    public string? BodyExcerpt { get; } = bodyExcerpt;

    /// <summary>The response's request id header, if any.</summary>
    public string? RequestId { get; } = requestId;

    /// <inheritdoc />
    public override PurseOutcome Outcome => PurseOutcome.Unknown;
}

/// <summary>
/// Purse answered with an error status. Subtypes mark the statuses callers branch on
/// (<see cref="PurseValidationException"/> 400/422, <see cref="PurseAuthenticationException"/>
/// 401/403, <see cref="PurseNotFoundException"/> 404, <see cref="PurseConflictException"/> 409,
/// <see cref="PurseRateLimitedException"/> 429, <see cref="PurseServerException"/> 5xx); other
/// statuses give this type itself.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
/// <param name="innerException">The cause, if any.</param>
public class PurseApiException(string message, PurseErrorResponse response, Exception? innerException = null)
    : PurseException(message, innerException)
{
    /// <summary>What Purse answered.</summary>
    public PurseErrorResponse Response { get; } = response ?? throw new ArgumentNullException(nameof(response));

    /// <summary>The HTTP status, or null when no answer was received (e.g. token endpoint unreachable).</summary>
    public HttpStatusCode? StatusCode => Response.StatusCode;

    /// <summary>The RFC 7807 problem details, when the body held them.</summary>
    public ProblemDetails? Problem => Response.Problem;

    /// <summary>The response's request id header (<c>x-request-id</c> or alike), to quote to Purse support.</summary>
    public string? RequestId => Response.RequestId;

    /// <summary>
    /// <see cref="PurseOutcome.Refused"/> for a 3xx or 4xx answer, <see cref="PurseOutcome.Unknown"/> for a 5xx,
    /// <see cref="PurseOutcome.NotSent"/> when no answer was received.
    /// </summary>
    public override PurseOutcome Outcome => (int?)StatusCode switch
    {
        null => PurseOutcome.NotSent,
        >= 500 => PurseOutcome.Unknown,
        _ => PurseOutcome.Refused,
    };
}

/// <summary>
/// The parts of an error response worth keeping: status, problem details, a bounded and
/// secret-free excerpt of the body, and the request id.
/// </summary>
/// <param name="StatusCode">The HTTP status, or null when no response was received.</param>
/// <param name="Problem">The problem details, when the body was RFC 7807 JSON.</param>
/// <param name="BodyExcerpt">The start of the body (at most 512 characters), with known secrets masked; null when empty.</param>
/// <param name="RequestId">The request id header, if any.</param>
public sealed record PurseErrorResponse(HttpStatusCode? StatusCode, ProblemDetails? Problem, string? BodyExcerpt, string? RequestId);

/// <summary>
/// The client could not authenticate: the token endpoint refused the credentials, failed or
/// did not answer (<see cref="FromTokenEndpoint"/>, and then no API request was sent), or the
/// API answered 401 even with a fresh token, or 403.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What was answered.</param>
/// <param name="fromTokenEndpoint">Whether no access token could be had.</param>
/// <param name="innerException">The cause, if any.</param>
public sealed class PurseAuthenticationException(string message, PurseErrorResponse response, bool fromTokenEndpoint, Exception? innerException = null)
    : PurseApiException(message, response, innerException)
{
    /// <summary>True when no access token could be had; the API call itself was not sent.</summary>
    public bool FromTokenEndpoint { get; } = fromTokenEndpoint;

    /// <inheritdoc />
    public override PurseOutcome Outcome => FromTokenEndpoint ? PurseOutcome.NotSent : base.Outcome;
}

/// <summary>
/// Purse refused the request as invalid (400, 422). <see cref="PurseApiException.Problem"/>
/// usually lists the offending fields in <c>Errors</c> (JSON pointer and detail).
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
public sealed class PurseValidationException(string message, PurseErrorResponse response) : PurseApiException(message, response);

/// <summary>Purse has no resource with this id for these credentials (404).</summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
public sealed class PurseNotFoundException(string message, PurseErrorResponse response) : PurseApiException(message, response);

/// <summary>
/// The request conflicts with the resource's current state (409), e.g. an operation already under way. A write
/// answered 409 write-conflict (its idempotency key was already processed) does not end here: the client returns
/// the earlier result instead, and throws this only when that result cannot be the one of this call (the key was
/// used for another operation; <see cref="PurseApiException.Problem"/> is then a <see cref="WriteConflictProblem"/>).
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
public sealed class PurseConflictException(string message, PurseErrorResponse response) : PurseApiException(message, response);

/// <summary>
/// Purse or one of its payment partners failed (5xx). From a capture, refund, void, create or
/// abort, this is the <see cref="Exception.InnerException"/> of a
/// <see cref="PurseOutcomeUnknownException"/>: the operation may or may not have happened.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
public sealed class PurseServerException(string message, PurseErrorResponse response) : PurseApiException(message, response);

/// <summary>Too many requests (429). Wait <see cref="RetryAfter"/> before trying again.</summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
/// <param name="retryAfter">The delay Purse asked for.</param>
public sealed class PurseRateLimitedException(string message, PurseErrorResponse response, TimeSpan? retryAfter)
    : PurseApiException(message, response)
{
    /// <summary>
    /// The delay Purse asked for in <c>Retry-After</c>, when it gave one; <see cref="TimeSpan.MaxValue"/> when it is
    /// longer than a TimeSpan holds.
    /// </summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Purse (or the token endpoint) answered with a redirect (3xx). The client never follows one:
/// the request carried the API key or the client credentials, which must not reach another host,
/// and an answer from elsewhere is not Purse's. Nothing was sent to <see cref="LocationHost"/>.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
/// <param name="locationHost">The host the redirect pointed to (masked, bounded).</param>
public sealed class PurseRedirectException(string message, PurseErrorResponse response, string? locationHost) : PurseApiException(message, response)
{
    /// <summary>The host the redirect pointed to (masked, bounded), or null when it named none.</summary>
    public string? LocationHost { get; } = locationHost;

    /// <summary>Purse answered with a redirect (also when a handler followed it): it did not carry the request out.</summary>
    public override PurseOutcome Outcome => PurseOutcome.Refused;
}
