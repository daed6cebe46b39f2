namespace Purse;

/// <summary>Names of the <see cref="IHttpClientFactory"/> clients the facade uses.</summary>
public static class PurseHttpClients
{
    /// <summary>The client of the API calls (bearer token, API key, retries of reads, logging).</summary>
    public const string Api = "Purse.Api";

    /// <summary>The client of the OAuth2 token endpoint.</summary>
    public const string Token = "Purse.Token";
}
