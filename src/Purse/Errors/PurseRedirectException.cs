namespace Purse;

/// <summary>
/// Purse (or the token endpoint) answered with a redirect (3xx). The client never follows one:
/// the request carried the API key or the client credentials, which must not reach another host,
/// and an answer from elsewhere is not Purse's. Nothing was sent to <see cref="LocationHost"/>.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
/// <param name="locationHost">The host the redirect pointed to (masked, bounded).</param>
public sealed class PurseRedirectException(string message, PurseErrorResponse response, string? locationHost) : PurseApiException(message, response)
{
    /// <summary>The host the redirect pointed to (masked, bounded), or null when it named none.</summary>
    public string? LocationHost { get; } = locationHost;

    /// <summary>Purse answered with a redirect (also when a handler followed it): it did not carry the request out.</summary>
    public override PurseOutcome Outcome => PurseOutcome.Refused;
}
