namespace Purse;

/// <summary>
/// Purse refused the request as invalid (400, 422). <see cref="PurseApiException.Problem"/>
/// usually lists the offending fields in <c>Errors</c> (JSON pointer and detail).
/// </summary>
public sealed class PurseValidationException : PurseApiException
{
    /// <summary>Creates the error.</summary>
    public PurseValidationException(string message, PurseErrorResponse response)
        : base(message, response)
    {
    }
}
