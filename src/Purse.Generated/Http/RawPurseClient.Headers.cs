using System.Net.Http.Headers;

namespace Purse.Models;

/// <summary>
/// The headers the facade puts on each request of a call (token, API key, user agent), set on the request
/// itself rather than on the HttpClient: nothing of one call can reach another, whatever the client factory.
/// </summary>
internal partial class RawPurseClient
{
    /// <summary>The bearer token, renewed between the attempts of a call.</summary>
    public AuthenticationHeaderValue? Authorization { get; set; }

    public string? ApiKey { get; init; }

    public string? UserAgent { get; init; }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url)
    {
        request.Headers.Authorization = Authorization;
        // Ours only: a header the application put on the client is not sent beside it.
        if (ApiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", ApiKey);
        }
        if (UserAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }
    }
}
