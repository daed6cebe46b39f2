namespace Purse;

/// <summary>
/// No answer from Purse: the network failed or the call timed out (after the retries the call
/// allows). From a capture, refund, void, create or abort that may have reached Purse, this is the
/// <see cref="Exception.InnerException"/> of a <see cref="PurseOutcomeUnknownException"/>.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="isTimeout">Whether the call ran out of time.</param>
/// <param name="innerException">The cause.</param>
/// <param name="outcome">Whether the request may have reached Purse.</param>
public sealed class PurseConnectionException(
    string message,
    bool isTimeout,
    Exception? innerException,
    PurseOutcome outcome
) : PurseException(message, innerException)
{
    /// <summary>A failure after which the request may have reached Purse
    /// (<see cref="PurseOutcome.Unknown"/>).</summary>
    /// <param name="message">The message.</param>
    /// <param name="isTimeout">Whether the call ran out of time.</param>
    /// <param name="innerException">The cause.</param>
    public PurseConnectionException(string message, bool isTimeout, Exception? innerException)
        : this(message, isTimeout, innerException, PurseOutcome.Unknown) { }

    /// <summary>True when the call ran out of time rather than failing outright.</summary>
    public bool IsTimeout { get; } = isTimeout;

    /// <summary>
    /// <see cref="PurseOutcome.Unknown"/> once the request may have been sent; <see cref="PurseOutcome.NotSent"/> when
    /// the time ran out or the network failed before (e.g. while the access token was being obtained).
    /// </summary>
    public override PurseOutcome Outcome { get; } = outcome;
}
