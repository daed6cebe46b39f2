using System.Net;

namespace Purse;

/// <summary>
/// Purse answered with a success status but a body the client cannot read (broken JSON, wrong
/// types, a required field missing). Not a <see cref="PurseApiException"/>: Purse accepted the
/// request, so a create, capture, refund, void or abort probably happened; read the resource
/// again rather than repeating the operation.
/// </summary>
public sealed class PurseResponseException : PurseException
{
    /// <summary>Creates the error.</summary>
    public PurseResponseException(string message, HttpStatusCode? statusCode, string? bodyExcerpt, string? requestId)
        : base(message)
    {
        StatusCode = statusCode;
        BodyExcerpt = bodyExcerpt;
        RequestId = requestId;
    }

    /// <summary>The (success) status Purse answered with, when known.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The start of the body (at most 512 characters), with known secrets masked.</summary>
    public string? BodyExcerpt { get; }

    /// <summary>The response's request id header, if any.</summary>
    public string? RequestId { get; }
}
