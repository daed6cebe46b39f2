namespace Purse;

/// <summary>
/// Purse refused the request as invalid (400, 422). <see cref="PurseApiException.Problem"/>
/// usually lists the offending fields in <c>Errors</c> (JSON pointer and detail).
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
public sealed class PurseValidationException(string message, PurseErrorResponse response)
    : PurseApiException(message, response);
