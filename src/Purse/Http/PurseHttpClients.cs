namespace Purse;

/// <summary>
/// Names of the <see cref="IHttpClientFactory"/> clients the facade uses, so that an application can configure their
/// handlers (<c>services.AddHttpClient(PurseHttpClients.Api)...</c>). Each named Purse client has its own pair
/// (<see cref="ApiFor"/>, <see cref="TokenFor"/>). The token, API key, timeouts and retries are the facade's: a
/// request sent on these clients directly has none of them.
/// </summary>
public static class PurseHttpClients
{
    /// <summary>The client of the default Purse client's API calls.</summary>
    public const string Api = "Purse.Api";

    /// <summary>The client of the default Purse client's OAuth2 token endpoint.</summary>
    public const string Token = "Purse.Token";

    /// <summary>The largest token response read: a token response is a few hundred bytes.</summary>
    internal const int TokenResponseLimit = 64 * 1024;

    /// <summary>The API client of the Purse client named <paramref name="clientName"/> (<see cref="Api"/> for the
    /// default one, "").</summary>
    public static string ApiFor(string clientName) => Named(Api, clientName);

    /// <summary>The token client of the Purse client named <paramref name="clientName"/> (<see cref="Token"/> for the
    /// default one, "").</summary>
    public static string TokenFor(string clientName) => Named(Token, clientName);

    private static string Named(string client, string clientName)
    {
        ArgumentNullException.ThrowIfNull(clientName);
        return clientName.Length == 0 ? client : $"{client}:{clientName}";
    }
}
