namespace Purse;

/// <summary>
/// What a failed call did at Purse, as far as the client can tell (<see cref="PurseException.Outcome"/>). For a
/// capture, refund, void, create or abort it says whether money may have moved.
/// </summary>
public enum PurseOutcome
{
    /// <summary>
    /// Nothing reached Purse's API: the client refused the request before sending it, no access token could be
    /// had, or the call ended before the request was sent.
    /// </summary>
    NotSent,

    /// <summary>
    /// Purse answered that it did not carry the request out (a 3xx or 4xx answer: 400, 401, 403, 404, 409, 429):
    /// nothing moved.
    /// </summary>
    Refused,

    /// <summary>
    /// The request may have been carried out: it was sent, and no definite answer came back (a timeout, a dropped
    /// connection, a 5xx, an answer that could not be read). From a write, the exception is a
    /// <see cref="PurseOutcomeUnknownException"/>, which says how to resume.
    /// </summary>
    Unknown,
}
