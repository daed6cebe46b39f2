using Purse.Models;

namespace Purse;

/// <summary>
/// Fetches Purse's signing keys (GET /payment/v2/signing-jwks, authenticated with the API key).
/// The facade implements it over the raw client; the redirection verifier caches what it returns.
/// </summary>
internal interface IJwksFetcher
{
    Task<Jwks> FetchAsync(CancellationToken cancellationToken);
}
