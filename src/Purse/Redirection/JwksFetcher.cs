using Purse.Models;

namespace Purse;

/// <summary>Reads the signing JWKS through the authenticated API client (bearer and API key).</summary>
internal sealed class JwksFetcher : IJwksFetcher
{
    private readonly PurseApiCaller _caller;

    public JwksFetcher(PurseApiCaller caller) => _caller = caller;

    public async Task<Jwks> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var jwks = await _caller.CallAsync("GET payment/v2/signing-jwks",
                (raw, ct) => raw.GetSigningJwksAsync(ct), cancellationToken).ConfigureAwait(false);
            PurseTelemetry.JwksFetches.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OutcomeTag, PurseTelemetry.Success));
            return jwks;
        }
        catch (Exception exception)
        {
            PurseTelemetry.JwksFetches.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OutcomeTag, PurseTelemetry.Outcome(exception)));
            throw;
        }
    }
}
