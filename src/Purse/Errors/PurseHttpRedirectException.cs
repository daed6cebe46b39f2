namespace Purse;

/// <summary>
/// An HTTP redirect (3xx) from Purse or its token endpoint, or a request a handler sent to another host. The client
/// never follows one: the request carried the API key or the client credentials, which must not reach another host,
/// and an answer from elsewhere is not Purse's. Nothing was sent to <see cref="LocationHost"/>. Not the shopper's
/// redirection data: that is <see cref="PurseRedirectionDataException"/>.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What Purse answered.</param>
/// <param name="locationHost">The host the redirect pointed to (masked, bounded).</param>
/// <param name="outcome">Refused (Purse answered with a redirect), or not sent (a handler pointed the request
/// elsewhere).</param>
public sealed class PurseHttpRedirectException(
    string message,
    PurseErrorResponse response,
    string? locationHost,
    PurseOutcome outcome
) : PurseApiException(message, response)
{
    /// <summary>Purse answered <paramref name="response"/> with a redirect. A write answered with one that may follow
    /// its processing (a 303, a 301 or 302) ends in <see cref="PurseOutcomeUnknownException"/> instead.</summary>
    /// <param name="message">The message.</param>
    /// <param name="response">What Purse answered.</param>
    /// <param name="locationHost">The host the redirect pointed to (masked, bounded).</param>
    public PurseHttpRedirectException(string message, PurseErrorResponse response, string? locationHost)
        : this(message, response, locationHost, PurseOutcome.Refused) { }

    /// <summary>The host the redirect pointed to (masked, bounded), or null when it named none.</summary>
    public string? LocationHost { get; } = locationHost;

    /// <summary>Refused: Purse answered with a redirect; not sent: a handler pointed the request elsewhere.</summary>
    public override PurseOutcome Outcome { get; } = outcome;
}
