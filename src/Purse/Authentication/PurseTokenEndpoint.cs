using System.Text.Json;
using Duende.IdentityModel.Client;
using TokenResponse = Duende.IdentityModel.Client.TokenResponse;

namespace Purse;

/// <summary>
/// One request to the OAuth2 token endpoint (client credentials in a Basic header, via
/// Duende.IdentityModel), bounded by <see cref="PurseClientOptions.TokenRequestTimeout"/>, with its span
/// and count. A token endpoint that cannot be reached or does not answer in time is a
/// <see cref="PurseConnectionException"/> (a network problem, like the API's); every other failure is a
/// <see cref="PurseAuthenticationException"/>. Neither ever holds a secret, and in neither was the API call sent.
/// </summary>
internal sealed partial class PurseTokenEndpoint(
    [ServiceKey] string clientName,
    IHttpClientFactory httpClientFactory,
    [FromKeyedServices] IOptions<PurseClientOptions> options,
    TimeProvider time,
    [FromKeyedServices] SecretMasker masker,
    ILogger<PurseTokenProvider> logger
)
{
    /// <summary>Assumed lifetime when the token endpoint gives no usable <c>expires_in</c>.</summary>
    private static readonly TimeSpan FallbackLifetime = TimeSpan.FromMinutes(1);

    public async Task<PurseAccessToken> RequestAsync()
    {
        using var activity = PurseTelemetry.StartOperation(
            "POST oauth/token",
            options.Value.EffectiveTokenEndpoint,
            hasUrlTemplate: false
        );
        return await PurseTelemetry
            .CountAsync(PurseTelemetry.TokenRequests, RequestCoreAsync(), activity)
            .ConfigureAwait(false);
    }

    public PurseAuthenticationException Failure(
        string reason,
        HttpStatusCode? status,
        Exception? inner,
        string? body = null
    )
    {
        // The raw body of a token response may hold a token, even one the masker never learnt (the answer could not
        // be read): its token fields are masked by shape, then the known secrets, and only an excerpt is kept.
        var masked = status is null || body is null ? null : SecretMasker.MaskTokenFields(body);
        return new(
            masker.Apply($"No access token could be obtained from Purse: {reason}. The API call was not sent."),
            new PurseErrorResponse(
                status,
                PurseErrorMapper.TryParseProblem(masked, masker),
                masker.Excerpt(masked),
                RequestId: null
            ),
            fromTokenEndpoint: true,
            inner
        );
    }

    /// <summary>No answer from the token endpoint: a connection problem, not a refusal of the credentials.</summary>
    private PurseConnectionException Unreachable(string what, Exception inner, bool isTimeout) =>
        new(
            $"No access token could be obtained from Purse: the token endpoint {what}. The API call was not sent.",
            isTimeout,
            inner,
            PurseOutcome.NotSent
        );

    private async Task<PurseAccessToken> RequestCoreAsync()
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        TokenResponse response;
        using (var timeout = new CancellationTokenSource(settings.TokenRequestTimeout, time))
        {
            try
            {
                response = await httpClientFactory
                    .CreateClient(PurseHttpClients.TokenFor(clientName))
                    .RequestClientCredentialsTokenAsync(
                        new ClientCredentialsTokenRequest
                        {
                            Address = settings.EffectiveTokenEndpoint.AbsoluteUri,
                            ClientId = settings.ClientId!,
                            ClientSecret = settings.ClientSecret,
                            ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
                        },
                        timeout.Token
                    )
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException exception)
            {
                LogTokenFailure(logger, "no answer in time", null);
                throw Unreachable(
                    $"did not answer within {settings.TokenRequestTimeout.TotalSeconds:0.###} s",
                    exception,
                    isTimeout: true
                );
            }
        }
        // Duende reads every field through the JSON root and throws InvalidOperationException when that root is not
        // an object ([], "maintenance", null): such an answer is no token response, whatever its status.
        if (response.Json is { ValueKind: not JsonValueKind.Object })
        {
            var status = response.HttpStatusCode;
            LogTokenFailure(logger, "answer is JSON but not an object", (int)status);
            throw Failure(
                $"the token endpoint answered {(int)status} ({status}) with JSON that is not an object",
                status,
                null,
                response.Raw
            );
        }
        if (
            response is
            { ErrorType: ResponseErrorType.Exception, HttpResponse: null, Exception: HttpRequestException network }
        )
        {
            LogTokenFailure(logger, $"not reached ({network.HttpRequestError})", null);
            throw Unreachable($"could not be reached ({network.HttpRequestError})", network, isTimeout: false);
        }
        if (response.IsError)
        {
            var status =
                response.ErrorType == ResponseErrorType.Exception && response.HttpResponse is null
                    ? (HttpStatusCode?)null
                    : response.HttpStatusCode;
            var reason = masker.Apply(Describe(response));
            LogTokenFailure(logger, reason, (int?)status);
            throw Failure(reason, status, response.Exception as HttpRequestException, response.Raw);
        }
        if (string.IsNullOrWhiteSpace(response.AccessToken))
        {
            LogTokenFailure(logger, "answer without access_token", (int)response.HttpStatusCode);
            throw Failure("the token endpoint's answer has no access_token", response.HttpStatusCode, null);
        }
        if (!PurseAccessToken.IsSendable(response.AccessToken))
        {
            // Refused on arrival, not cached: no 401 would ever come back to renew it.
            LogTokenFailure(logger, "access_token cannot go in an Authorization header", (int)response.HttpStatusCode);
            throw Failure(
                "the token endpoint's access_token cannot be sent in an Authorization header (RFC 6750: letters, "
                    + "digits, -._~+/, then '=' padding); it is not used",
                response.HttpStatusCode,
                null
            );
        }
        masker.RememberToken(response.AccessToken);
        var now = time.GetUtcNow();
        var lifetime = response.ExpiresIn > 0 ? TimeSpan.FromSeconds(response.ExpiresIn) : FallbackLifetime;
        LogTokenObtained(logger, (int)lifetime.TotalSeconds, time.GetElapsedTime(started).TotalMilliseconds);
        return new PurseAccessToken(response.AccessToken, now, now + lifetime);
    }

    /// <summary>The host a redirect of the token endpoint points to, masked and bounded: it is server data.</summary>
    private string? RedirectHost(TokenResponse response) =>
        response.HttpResponse?.Headers.Location is { IsAbsoluteUri: true } location
            ? masker.Printable(location.Host, 128)
            : null;

    private string Describe(TokenResponse response) =>
        response.ErrorType switch
        {
            ResponseErrorType.Http when (int)response.HttpStatusCode is >= 300 and < 400 =>
                $"the token endpoint answered {(int)response.HttpStatusCode} ({response.HttpStatusCode}), a redirect "
                    + $"to host '{RedirectHost(response) ?? "(none)"}'; "
                    + "redirects are never followed, so the credentials were not sent there",
            ResponseErrorType.Exception when response.Exception is PurseFailure { Detail: { } detail } =>
                $"the token endpoint's answer cannot be used: {detail}",
            ResponseErrorType.Http =>
                $"the token endpoint answered {(int)response.HttpStatusCode} ({response.HttpStatusCode})",
            ResponseErrorType.Protocol =>
                $"the token endpoint refused the request ({(int)response.HttpStatusCode}, error "
                    + $"'{masker.Printable(response.Error, 100)}'{Description(response)})",
            _ when response.HttpResponse is { IsSuccessStatusCode: true } =>
                "the token endpoint's answer is not a readable token response",
            _ => $"the token endpoint could not be reached ({response.Exception?.GetType().Name ?? "error"})",
        };

    /// <summary>": error_description" of an OAuth2 error, masked (token fields too) and bounded; "" if none.</summary>
    private string Description(TokenResponse response) =>
        string.IsNullOrEmpty(response.ErrorDescription)
            ? ""
            : $": {masker.Printable(SecretMasker.MaskTokenFields(response.ErrorDescription), 300)}";

    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Debug,
        Message = "Purse access token obtained, valid for {LifetimeSeconds} s, in {ElapsedMs} ms"
    )]
    private static partial void LogTokenObtained(ILogger logger, int lifetimeSeconds, double elapsedMs);

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Warning,
        Message = "Purse access token request failed: {Reason} (status {StatusCode})"
    )]
    internal static partial void LogTokenFailure(ILogger logger, string reason, int? statusCode);
}
