namespace Purse;

/// <summary>
/// The client could not authenticate: the token endpoint refused the credentials, failed or
/// did not answer (<see cref="FromTokenEndpoint"/>, and then no API request was sent), or the
/// API answered 401 even with a fresh token, or 403.
/// </summary>
/// <param name="message">The message.</param>
/// <param name="response">What was answered.</param>
/// <param name="fromTokenEndpoint">Whether no access token could be had.</param>
/// <param name="innerException">The cause, if any.</param>
public sealed class PurseAuthenticationException(
    string message,
    PurseErrorResponse response,
    bool fromTokenEndpoint,
    Exception? innerException = null
) : PurseApiException(message, response, innerException)
{
    /// <summary>True when no access token could be had; the API call itself was not sent.</summary>
    public bool FromTokenEndpoint { get; } = fromTokenEndpoint;

    /// <inheritdoc />
    public override PurseOutcome Outcome => FromTokenEndpoint ? PurseOutcome.NotSent : base.Outcome;
}
