namespace Purse;

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
public sealed class PurseResponseException(
    string message,
    HttpStatusCode? statusCode,
    string? bodyExcerpt,
    string? requestId
) : PurseException(message)
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
