namespace Purse;

/// <summary>
/// A webhook body that is not a Purse payment (not JSON, wrong shape, no payment id), or a
/// re-fetch that did not confirm it. Answer the webhook with a 4xx and act on nothing.
/// </summary>
public sealed class PurseWebhookException : PurseException
{
    /// <summary>Creates the error.</summary>
    public PurseWebhookException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
