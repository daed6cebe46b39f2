using Purse.Models;

namespace Purse;

/// <summary>Reads the signing JWKS through the authenticated API client (bearer and API key).</summary>
internal sealed class JwksFetcher : IJwksFetcher
{
    private readonly PurseApiCaller _caller;

    public JwksFetcher(PurseApiCaller caller) => _caller = caller;

    public Task<Jwks> FetchAsync(CancellationToken cancellationToken) =>
        _caller.CallAsync("GET payment/v2/signing-jwks", isRead: true,
            (raw, ct) => raw.GetSigningJwksAsync(ct), cancellationToken);
}
