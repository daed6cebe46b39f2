namespace Purse;

/// <summary>
/// Purse or one of its payment partners failed (5xx). For a create, capture, refund, void or
/// abort the operation may or may not have happened: read the resource before trying again.
/// </summary>
public sealed class PurseServerException : PurseApiException
{
    /// <summary>Creates the error.</summary>
    public PurseServerException(string message, PurseErrorResponse response)
        : base(message, response)
    {
    }
}
