namespace Purse;

/// <summary>
/// A webhook body that is not a Purse payment (not JSON, wrong shape, no payment id), or a
/// re-fetch that did not confirm it. Answer the webhook with a 4xx and act on nothing.
/// </summary>
/// <param name="message">What went wrong.</param>
/// <param name="innerException">The error that caused it, if any.</param>
public sealed class PurseWebhookException(string message, Exception? innerException = null)
    : PurseException(message, innerException);
