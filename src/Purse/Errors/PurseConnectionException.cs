namespace Purse;

/// <summary>
/// No answer from Purse: the network failed or the call timed out (after the retries allowed
/// for reads). For a create, capture, refund, void or abort the request may still have reached
/// Purse: read the resource before trying again.
/// </summary>
public sealed class PurseConnectionException : PurseException
{
    /// <summary>Creates the error.</summary>
    public PurseConnectionException(string message, bool isTimeout, Exception? innerException)
        : base(message, innerException)
    {
        IsTimeout = isTimeout;
    }

    /// <summary>True when the call ran out of time rather than failing outright.</summary>
    public bool IsTimeout { get; }
}
