namespace Purse;

/// <summary>
/// Fetches Purse's signing keys (GET /payment/v2/signing-jwks, authenticated with the API key).
/// The facade implements it over the raw client; the redirection verifier caches what it returns.
/// </summary>
internal interface IJwksFetcher
{
    Task<Jwks> FetchAsync(CancellationToken cancellationToken);
}

/// <summary>Reads the signing JWKS through the authenticated API client (bearer and API key), counting each fetch by
/// outcome.</summary>
internal sealed class JwksFetcher([FromKeyedServices] PurseApiCaller caller) : IJwksFetcher
{
    public Task<Jwks> FetchAsync(CancellationToken cancellationToken) =>
        PurseTelemetry.CountAsync(
            PurseTelemetry.JwksFetches,
            caller.CallAsync(
                PurseOperations.GetSigningJwks,
                (raw, ct) => raw.GetSigningJwksAsync(ct),
                cancellationToken
            )
        );
}
