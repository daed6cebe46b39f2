namespace Purse;

/// <summary>Redirection data that cannot be trusted, with the reason.</summary>
public sealed class PurseRedirectionException : PurseException
{
    /// <summary>Creates the error.</summary>
    public PurseRedirectionException(RedirectionFailure reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the token was refused.</summary>
    public RedirectionFailure Reason { get; }
}

/// <summary>Why redirection data was refused.</summary>
public enum RedirectionFailure
{
    /// <summary>Not a compact JWS, or its claims are missing or malformed.</summary>
    Malformed,
}
