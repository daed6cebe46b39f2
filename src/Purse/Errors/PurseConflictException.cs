namespace Purse;

/// <summary>
/// The request conflicts with the resource's current state (409), e.g. an operation already under way. A write
/// answered 409 write-conflict (its idempotency key was already processed) does not end here: the client returns
/// the earlier result instead, and throws this only when that result cannot be the one of this call (the key was
/// used for another operation; <see cref="PurseApiException.Problem"/> is then a <see cref="WriteConflictProblem"/>).
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
public sealed class PurseConflictException(string message, PurseErrorResponse response)
    : PurseApiException(message, response);
