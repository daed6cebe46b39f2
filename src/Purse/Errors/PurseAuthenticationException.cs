namespace Purse;

/// <summary>
/// The client could not authenticate: the token endpoint refused the credentials, failed or
/// did not answer (<see cref="FromTokenEndpoint"/>, and then no API request was sent), or the
/// API answered 401 even with a fresh token, or 403.
/// </summary>
public sealed class PurseAuthenticationException : PurseApiException
{
    /// <summary>Creates the error.</summary>
    public PurseAuthenticationException(string message, PurseErrorResponse response, bool fromTokenEndpoint, Exception? innerException = null)
        : base(message, response, innerException)
    {
        FromTokenEndpoint = fromTokenEndpoint;
    }

    /// <summary>True when no access token could be had; the API call itself was not sent.</summary>
    public bool FromTokenEndpoint { get; }
}
