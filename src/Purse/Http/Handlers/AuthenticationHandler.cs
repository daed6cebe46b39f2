namespace Purse;

/// <summary>
/// Step 5 of the call path (<see cref="PurseCallPath"/>): every request to Purse's API carries the client's access
/// token, its API key and the user agent, set on each send (also one a handler of the application repeats), and
/// only towards the client's own host, so that no credential follows a redirect or reaches another call. A 401 means
/// Purse did not process the request: the token is forgotten and the request sent once more with a fresh one
/// (Duende's <c>AccessTokenHandler</c> does the same). Nothing is sent without a token: when none can be had, the
/// token provider throws first.
/// </summary>
internal sealed class AuthenticationHandler(PurseTokenProvider tokens, IOptions<PurseClientOptions> options)
    : DelegatingHandler
{
    private string? _purse;

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        RefuseOtherHosts(request);
        var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendWithAsync(request, token, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        response.Dispose();
        await tokens.InvalidateAsync(token, cancellationToken).ConfigureAwait(false);
        var renewed = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        return await SendWithAsync(request, renewed, cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> SendWithAsync(
        HttpRequestMessage request,
        PurseAccessToken token,
        CancellationToken cancellationToken
    )
    {
        var headers = request.Headers;
        headers.Authorization = token.Header;
        // Ours only: a value the application put on the client is not sent beside it.
        headers.Remove("x-api-key");
        headers.TryAddWithoutValidation("x-api-key", options.Value.ApiKey);
        headers.Remove("User-Agent");
        headers.TryAddWithoutValidation("User-Agent", PurseUserAgent.Value);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>A request a handler of the application points at another host does not get the credentials.</summary>
    private void RefuseOtherHosts(HttpRequestMessage request)
    {
        // Scheme, host and port, as Purse's base address gives them ("https://api.purse-sandbox.com/").
        _purse ??= options.Value.EffectiveBaseAddress.GetLeftPart(UriPartial.Authority) + "/";
        if (
            request.RequestUri is { IsAbsoluteUri: true } target
            && !target.AbsoluteUri.StartsWith(_purse, StringComparison.OrdinalIgnoreCase)
        )
        {
            throw PurseFailure.Redirected(
                target.Host,
                "a handler of the application sent the request to another host; the credentials were not sent there"
            );
        }
    }
}
