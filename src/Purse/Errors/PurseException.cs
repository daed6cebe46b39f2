namespace Purse;

/// <summary>
/// The base of every error the Purse client throws: API errors, authentication failures,
/// invalid input caught before sending, unreadable responses, untrusted redirection data.
/// Messages never contain secrets (client secret, API key, access token).
/// </summary>
public class PurseException : Exception
{
    /// <summary>Creates an error with a message.</summary>
    public PurseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a message and its cause.</summary>
    public PurseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
