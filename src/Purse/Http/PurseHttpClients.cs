namespace Purse;

/// <summary>Names of the <see cref="IHttpClientFactory"/> clients the facade uses.</summary>
public static class PurseHttpClients
{
    /// <summary>The client of the API calls (bearer token, API key, retries of reads, logging).</summary>
    public const string Api = "Purse.Api";

    /// <summary>The client of the OAuth2 token endpoint.</summary>
    public const string Token = "Purse.Token";

    /// <summary>The largest token response read: a token response is a few hundred bytes.</summary>
    internal const int TokenResponseLimit = 64 * 1024;

    /// <summary>
    /// The default primary handler: it never follows a redirect, since HttpClient would carry
    /// the <c>x-api-key</c> header (only Authorization is dropped) and the body to another host.
    /// </summary>
    internal static HttpMessageHandler CreatePrimaryHandler() => new SocketsHttpHandler { AllowAutoRedirect = false };

    /// <summary>Turns automatic redirects off on a primary handler the application chose.</summary>
    internal static void RefuseRedirects(HttpMessageHandler handler)
    {
        switch (handler)
        {
            case SocketsHttpHandler { AllowAutoRedirect: true } sockets:
                sockets.AllowAutoRedirect = false;
                break;
            case HttpClientHandler { AllowAutoRedirect: true } client:
                client.AllowAutoRedirect = false;
                break;
        }
    }
}
