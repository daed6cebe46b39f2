using System.Net;
using Purse.Models;

namespace Purse;

/// <summary>
/// Purse answered with an error status. Subtypes mark the statuses callers branch on
/// (<see cref="PurseValidationException"/> 400/422, <see cref="PurseAuthenticationException"/>
/// 401/403, <see cref="PurseNotFoundException"/> 404, <see cref="PurseConflictException"/> 409,
/// <see cref="PurseRateLimitedException"/> 429, <see cref="PurseServerException"/> 5xx); other
/// statuses give this type itself.
/// </summary>
public class PurseApiException : PurseException
{
    /// <summary>Creates the error.</summary>
    public PurseApiException(string message, PurseErrorResponse response, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(response);
        Response = response;
    }

    /// <summary>What Purse answered.</summary>
    public PurseErrorResponse Response { get; }

    /// <summary>The HTTP status, or null when no answer was received (e.g. token endpoint unreachable).</summary>
    public HttpStatusCode? StatusCode => Response.StatusCode;

    /// <summary>The RFC 7807 problem details, when the body held them.</summary>
    public ProblemDetails? Problem => Response.Problem;

    /// <summary>The response's request id header (<c>x-request-id</c> or alike), to quote to Purse support.</summary>
    public string? RequestId => Response.RequestId;
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
