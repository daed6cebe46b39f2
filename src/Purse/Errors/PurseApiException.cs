namespace Purse;

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
    public override PurseOutcome Outcome =>
        (int?)StatusCode switch
        {
            null => PurseOutcome.NotSent,
            >= 500 => PurseOutcome.Unknown,
            _ => PurseOutcome.Refused,
        };
}
