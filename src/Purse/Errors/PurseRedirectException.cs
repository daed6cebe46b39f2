namespace Purse;

/// <summary>
/// Purse (or the token endpoint) answered with a redirect (3xx). The client never follows one:
/// the request carried the API key or the client credentials, which must not reach another host,
/// and an answer from elsewhere is not Purse's. Nothing was sent to <see cref="LocationHost"/>.
/// </summary>
public sealed class PurseRedirectException : PurseApiException
{
    /// <summary>Creates the error.</summary>
    public PurseRedirectException(string message, PurseErrorResponse response, string? locationHost)
        : base(message, response)
    {
        LocationHost = locationHost;
    }

    /// <summary>The host the redirect pointed to (masked, bounded), or null when it named none.</summary>
    public string? LocationHost { get; }
}
