namespace Purse;

/// <summary>
/// Verifies the <c>purse-redirection-data</c> a shopper brings back to the merchant's
/// <c>shopper_redirection_url</c>: a compact JWS signed with a key of the signing JWKS.
/// </summary>
public interface IRedirectionVerifier
{
    /// <summary>
    /// Verifies a redirection token, given bare or as the full return URL, and returns its
    /// claims. Throws <see cref="PurseRedirectionDataException"/> saying why when it cannot be trusted.
    /// </summary>
    Task<RedirectionData> VerifyAsync(string tokenOrReturnUrl, CancellationToken cancellationToken = default);
}
