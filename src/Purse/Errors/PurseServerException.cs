namespace Purse;

/// <summary>
/// Purse or one of its payment partners failed (5xx). From a capture, refund, void, create or
/// abort, this is the <see cref="Exception.InnerException"/> of a
/// <see cref="PurseOutcomeUnknownException"/>: the operation may or may not have happened.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
public sealed class PurseServerException(string message, PurseErrorResponse response)
    : PurseApiException(message, response);
