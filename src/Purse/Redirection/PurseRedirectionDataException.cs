namespace Purse;

/// <summary>
/// Redirection data that cannot be trusted, with the reason. Never act on the claims of a
/// token that threw this: the shopper may have forged or replayed it.
/// </summary>
/// <param name="reason">Why the token was refused.</param>
/// <param name="message">What was refused, for people.</param>
/// <param name="innerException">The cause, when there is one.</param>
public sealed class PurseRedirectionDataException(
    RedirectionFailure reason,
    string message,
    Exception? innerException = null
) : PurseException(message, innerException)
{
    /// <summary>Why the token was refused.</summary>
    public RedirectionFailure Reason { get; } = reason;
}

/// <summary>
/// Why redirection data was refused. One member per check; docs/trust.md lists the order they
/// run in. Values never change: members added later are appended.
/// </summary>
public enum RedirectionFailure
{
    /// <summary>
    /// Not a compact JWS (three base64url parts with JSON header and payload), or the return URL
    /// carries no single <c>purse-redirection-data</c> parameter.
    /// </summary>
    Malformed,

    /// <summary>
    /// The header's <c>alg</c> is missing or not an asymmetric signature algorithm
    /// (RS256/384/512, PS256/384/512, ES256/384/512): <c>none</c> and every HMAC (HS*) are refused.
    /// </summary>
    AlgorithmNotAllowed,

    /// <summary>The header has no <c>kid</c>, so no signing key can be chosen.</summary>
    MissingKeyId,

    /// <summary>No key of Purse's signing JWKS has the header's <c>kid</c>, even after a refresh.</summary>
    UnknownKeyId,

    /// <summary>
    /// The key named by <c>kid</c> does not fit the header's <c>alg</c> (an EC key for RS256, a
    /// key published for another algorithm, a curve that does not match).
    /// </summary>
    KeyAlgorithmMismatch,

    /// <summary>The signature does not match the header and payload: the token was altered or signed by someone
    /// else.</summary>
    InvalidSignature,

    /// <summary>The token's <c>exp</c> is past, beyond the tolerated clock skew.</summary>
    Expired,

    /// <summary>The token's <c>nbf</c> is still in the future, beyond the tolerated clock skew.</summary>
    NotYetValid,

    /// <summary>A required claim (client_session_id, payment_id, authorization_status, client_session_status) is
    /// absent.</summary>
    MissingClaim,

    /// <summary>
    /// A claim is present but unusable: an id that is not a UUID, a status that is not a non-empty
    /// string, or an <c>exp</c>, <c>nbf</c> or <c>iat</c> that is not a JSON number.
    /// </summary>
    InvalidClaim,

    /// <summary>
    /// Purse's signing keys could not be fetched (or were fetched too recently to try again).
    /// The token was neither accepted nor proven false: retry later, or read the payment instead.
    /// </summary>
    KeysUnavailable,

    /// <summary>The token was refused for a reason no other member describes; the message says which.</summary>
    ValidationFailed,

    /// <summary>
    /// The key named by <c>kid</c> is too weak to trust: an RSA key under 2048 bits, or an EC key
    /// on a curve other than P-256, P-384 or P-521.
    /// </summary>
    WeakKey,

    /// <summary>
    /// The header has a <c>crit</c> parameter: it names JWS extensions the verifier must understand,
    /// and this client implements none, so RFC 7515 requires the token to be refused.
    /// </summary>
    CriticalHeader,

    /// <summary>
    /// The header has a parameter that changes how the token is verified and that this client does
    /// not implement: <c>b64</c> other than <c>true</c> (an unencoded payload, RFC 7797).
    /// </summary>
    UnsupportedHeader,
}
