namespace Purse;

/// <summary>
/// Step 6 of the call path (<see cref="PurseCallPath"/>): a redirect is never followed, since HttpClient would carry
/// the <c>x-api-key</c> header (only Authorization is dropped) and the body to another host. The primary handler,
/// whichever it is, does not follow one (<see cref="TurnOffAutoRedirect"/>), so a 3xx reaches the generated client
/// and is reported as Purse's answer; should a handler follow one after all, its answer is not Purse's and is
/// refused here.
/// </summary>
internal sealed class RedirectRefusalHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var sentTo = request.RequestUri;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.RequestUri == sentTo)
        {
            return response;
        }
        response.Dispose();
        throw PurseFailure.Redirected(
            request.RequestUri?.Host,
            "the HTTP handler followed a redirect there; turn automatic redirects off on the primary handler you "
                + "configured"
        );
    }

    /// <summary>Turns automatic redirects off on a primary handler the application chose, also when it is wrapped in
    /// delegating handlers.</summary>
    public static void TurnOffAutoRedirect(HttpMessageHandler? handler)
    {
        for (var depth = 0; handler is not null && depth < 32; depth++)
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
            handler = (handler as DelegatingHandler)?.InnerHandler;
        }
    }
}
