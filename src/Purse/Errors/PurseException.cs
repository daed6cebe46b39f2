namespace Purse;

/// <summary>
/// The base of every error the Purse client throws: API errors, authentication failures,
/// invalid input caught before sending, unreadable responses, untrusted redirection data.
/// Messages never contain secrets (client secret, API key, access token).
/// </summary>
/// <param name="message">The message.</param>
/// <param name="innerException">The cause, if any.</param>
public class PurseException(string message, Exception? innerException) : Exception(message, innerException)
{
    /// <summary>Creates an error with a message.</summary>
    public PurseException(string message)
        : this(message, null) { }

    /// <summary>
    /// What the failed call did at Purse: <see cref="PurseOutcome.NotSent"/> (also for errors of no call, such as
    /// untrusted redirection data), <see cref="PurseOutcome.Refused"/> or <see cref="PurseOutcome.Unknown"/>.
    /// </summary>
    public virtual PurseOutcome Outcome => PurseOutcome.NotSent;
}
