namespace Purse;

/// <summary>
/// Adds <c>Authorization: Bearer</c> and <c>x-api-key</c> to every API request. On a 401 it drops the
/// refused token and sends the request once more with a fresh one (Purse did not process it, so this is
/// safe even for a POST); a second 401 is returned as is. Nothing is sent without a token.
/// </summary>
internal sealed class PurseAuthenticationHandler(PurseTokenProvider tokens, IOptions<PurseClientOptions> options) : DelegatingHandler
{
    private const string ApiKeyHeader = "x-api-key";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = token.Header;
        // Ours only, also when the application set one on the client.
        request.Headers.Remove(ApiKeyHeader);
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, options.Value.ApiKey);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        response.Dispose();
        await tokens.InvalidateAsync(token, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = (await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false)).Header;
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
