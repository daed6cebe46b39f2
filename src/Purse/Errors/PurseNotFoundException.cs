namespace Purse;

/// <summary>Purse has no resource with this id for these credentials (404).</summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
public sealed class PurseNotFoundException(string message, PurseErrorResponse response)
    : PurseApiException(message, response);
