namespace Purse;

/// <summary>
/// The parts of an error response worth keeping: status, problem details, a bounded and
/// secret-free excerpt of the body, and the request id.
/// </summary>
/// <param name="StatusCode">The HTTP status, or null when no response was received.</param>
/// <param name="Problem">The problem details, when the body was RFC 7807 JSON.</param>
/// <param name="BodyExcerpt">The start of the body (at most 512 characters), with known secrets masked; null when
/// empty.</param>
/// <param name="RequestId">The request id header, if any.</param>
public sealed record PurseErrorResponse(
    HttpStatusCode? StatusCode,
    ProblemDetails? Problem,
    string? BodyExcerpt,
    string? RequestId
);
