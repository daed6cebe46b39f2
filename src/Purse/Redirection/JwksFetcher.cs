namespace Purse;

/// <summary>
/// Fetches Purse's signing keys (GET /payment/v2/signing-jwks, authenticated with the API key).
/// The facade implements it over the raw client; the redirection verifier caches what it returns.
/// </summary>
internal interface IJwksFetcher
{
    Task<Jwks> FetchAsync(CancellationToken cancellationToken);
}

/// <summary>Reads the signing JWKS through the authenticated API client (bearer and API key), counting each fetch by outcome.</summary>
internal sealed class JwksFetcher(PurseApiCaller caller) : IJwksFetcher
{
    public async Task<Jwks> FetchAsync(CancellationToken cancellationToken)
    {
        var outcome = PurseTelemetry.Success;
        try
        {
            return await caller.CallAsync("GET payment/v2/signing-jwks",
                (raw, ct) => raw.GetSigningJwksAsync(ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            outcome = PurseTelemetry.Outcome(exception);
            throw;
        }
        finally
        {
            PurseTelemetry.JwksFetches.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OutcomeTag, outcome));
        }
    }
}
