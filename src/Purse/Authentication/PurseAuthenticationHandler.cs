using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Purse;

/// <summary>
/// Adds <c>Authorization: Bearer</c> and <c>x-api-key</c> to every API request. On a 401 it
/// drops the refused token and sends the request once more with a fresh one; a second 401 is
/// returned as is (and becomes a <see cref="PurseAuthenticationException"/>). Nothing is sent
/// without a token: when none can be had, <see cref="PurseTokenProvider"/> throws first.
/// </summary>
internal sealed class PurseAuthenticationHandler : DelegatingHandler
{
    private const string ApiKeyHeader = "x-api-key";

    private readonly PurseTokenProvider _tokens;
    private readonly IOptions<PurseClientOptions> _options;

    public PurseAuthenticationHandler(PurseTokenProvider tokens, IOptions<PurseClientOptions> options)
    {
        _tokens = tokens;
        _options = options;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        Authenticate(request, token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        // A 401 means Purse did not process the request, so sending it again is safe, even a POST.
        response.Dispose();
        await _tokens.InvalidateAsync(token, cancellationToken).ConfigureAwait(false);
        var fresh = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        Authenticate(request, fresh);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void Authenticate(HttpRequestMessage request, PurseAccessToken token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        request.Headers.Remove(ApiKeyHeader);
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, _options.Value.ApiKey);
    }
}
