using System.Diagnostics;
using System.Net;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Purse;

/// <summary>
/// Hands out a valid access token: from the cache while it is fresh, otherwise from the token
/// endpoint (OAuth2 client credentials, id and secret in a Basic header, via Duende.IdentityModel).
/// Concurrent callers share one in-flight token request. When no token can be had it throws
/// <see cref="PurseAuthenticationException"/>; it never returns without a token.
/// </summary>
internal sealed partial class PurseTokenProvider
{
    /// <summary>Assumed lifetime when the token endpoint gives no usable <c>expires_in</c>.</summary>
    private static readonly TimeSpan FallbackLifetime = TimeSpan.FromMinutes(1);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IPurseTokenCache _cache;
    private readonly IOptions<PurseClientOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly SecretMasker _masker;
    private readonly ILogger<PurseTokenProvider> _logger;
    private readonly Lock _gate = new();
    private Task<PurseAccessToken>? _inFlight;

    public PurseTokenProvider(
        IHttpClientFactory httpClientFactory,
        IPurseTokenCache cache,
        IOptions<PurseClientOptions> options,
        TimeProvider timeProvider,
        SecretMasker masker,
        ILogger<PurseTokenProvider> logger)
    {
        _httpClientFactory = httpClientFactory;
        _cache = cache;
        _options = options;
        _timeProvider = timeProvider;
        _masker = masker;
        _logger = logger;
    }

    public async Task<PurseAccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        // A caller that already gave up starts no token request.
        cancellationToken.ThrowIfCancellationRequested();
        var cached = await ReadCacheAsync(cancellationToken).ConfigureAwait(false);
        if (IsFresh(cached))
        {
            // A token another instance stored is masked like one this process obtained.
            _masker.RememberToken(cached!.Value);
            return cached;
        }

        // Single flight: join the renewal in progress, or start one. A finished renewal is never
        // joined again (its token may be the stale one this caller just saw, or a failure).
        TaskCompletionSource<PurseAccessToken>? started = null;
        Task<PurseAccessToken> request;
        lock (_gate)
        {
            if (_inFlight is { IsCompleted: false } running)
            {
                request = running;
            }
            else
            {
                started = new TaskCompletionSource<PurseAccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                _inFlight = request = started.Task;
            }
        }
        if (started is not null)
        {
            // Outside the lock, and not tied to this caller's cancellation (the token request
            // timeout bounds it); every caller may stop waiting on its own.
            _ = RenewAsync(started);
        }
        return await request.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Purse refused <paramref name="token"/>: the next caller gets a new one.</summary>
    public ValueTask InvalidateAsync(PurseAccessToken token, CancellationToken cancellationToken) =>
        _cache.RemoveAsync(token, cancellationToken);

    private bool IsFresh(PurseAccessToken? token) =>
        token is not null && _timeProvider.GetUtcNow() < token.RenewAt(_options.Value.TokenRefreshMargin);

    private async Task RenewAsync(TaskCompletionSource<PurseAccessToken> renewal)
    {
        // The whole renewal, cache included, is bounded: a cache that stalls must not hold every
        // later caller on a renewal that never ends.
        var timeout = _options.Value.TokenRequestTimeout;
        using var deadline = new CancellationTokenSource(timeout, _timeProvider);
        try
        {
            // A caller that found the cache stale may arrive just after a renewal completed:
            // look again so that the endpoint is asked once, not once per late caller.
            var cached = await ReadCacheAsync(deadline.Token).ConfigureAwait(false);
            if (IsFresh(cached))
            {
                _masker.RememberToken(cached!.Value);
                renewal.SetResult(cached);
                return;
            }
            // A cache shared between instances may hand over a token another instance is obtaining.
            var shared = await WaitForSharedRenewalAsync().ConfigureAwait(false);
            if (shared is not null)
            {
                _masker.RememberToken(shared.Value);
                renewal.SetResult(shared);
                return;
            }
            var token = await RequestTokenWithTelemetryAsync().ConfigureAwait(false);
            try
            {
                // A fresh bound: the wait above may have used the renewal's whole deadline.
                using var storing = new CancellationTokenSource(timeout, _timeProvider);
                await _cache.SetAsync(token, storing.Token).AsTask().WaitAsync(timeout, _timeProvider, storing.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not PurseException)
            {
                // The token is good; only sharing it failed. This process uses it all the same.
                LogTokenFailure(_logger, $"the token cache did not store the new token ({exception.GetType().Name})", null);
            }
            renewal.SetResult(token);
        }
        catch (OperationCanceledException exception) when (deadline.IsCancellationRequested)
        {
            renewal.SetException(Failure($"the token cache did not answer within {timeout.TotalSeconds:0.###} s", null, exception));
        }
        catch (Exception exception)
        {
            renewal.SetException(exception);
        }
    }

    /// <summary>
    /// The shared cache's token, if another instance stored a fresh one while this one waited;
    /// null (ask the endpoint) on anything else: no answer within the token request timeout, an
    /// exception, a stale token. Never throws, so a shared store can never wedge a renewal.
    /// </summary>
    private async Task<PurseAccessToken?> WaitForSharedRenewalAsync()
    {
        using var timeout = new CancellationTokenSource(_options.Value.TokenRequestTimeout, _timeProvider);
        try
        {
            var token = await _cache.WaitForSharedRenewalAsync(IsFresh, timeout.Token).AsTask().WaitAsync(timeout.Token).ConfigureAwait(false);
            return IsFresh(token) ? token : null;
        }
        catch (Exception exception)
        {
            LogSharedRenewalFailure(_logger, exception.GetType().Name);
            return null;
        }
    }

    /// <summary>Reads the token cache; a cache that fails gives a typed error, never its own exception.</summary>
    private async ValueTask<PurseAccessToken?> ReadCacheAsync(CancellationToken cancellationToken)
    {
        try
        {
            var read = _cache.GetAsync(cancellationToken);
            if (read.IsCompletedSuccessfully)
            {
                return read.Result;
            }
            // A cache that ignores cancellation must not hold the caller: bounded like a token request.
            var timeout = _options.Value.TokenRequestTimeout;
            return await read.AsTask().WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw Failure($"the token cache did not answer within {_options.Value.TokenRequestTimeout.TotalSeconds:0.###} s", null, exception);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or PurseException))
        {
            throw Failure($"the token cache failed ({exception.GetType().Name})", null, exception);
        }
    }

    /// <summary>One span ("Purse token request") and one count per request to the token endpoint.</summary>
    private async Task<PurseAccessToken> RequestTokenWithTelemetryAsync()
    {
        using var activity = PurseTelemetry.Source.StartActivity("POST oauth/token", ActivityKind.Client);
        if (activity is not null)
        {
            var endpoint = _options.Value.EffectiveTokenEndpoint;
            activity.SetTag(PurseTelemetry.OperationTag, "POST oauth/token");
            activity.SetTag("http.request.method", "POST");
            activity.SetTag("server.address", endpoint.Host);
            activity.SetTag("server.port", endpoint.Port);
        }
        try
        {
            var token = await RequestTokenAsync().ConfigureAwait(false);
            PurseTelemetry.TokenRequests.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OutcomeTag, PurseTelemetry.Success));
            return token;
        }
        catch (Exception exception)
        {
            PurseTelemetry.TokenRequests.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OutcomeTag, PurseTelemetry.Outcome(exception)));
            PurseTelemetry.Fail(activity, exception);
            throw;
        }
    }

    private async Task<PurseAccessToken> RequestTokenAsync()
    {
        var options = _options.Value;
        var endpoint = options.EffectiveTokenEndpoint;
        var started = _timeProvider.GetTimestamp();
        TokenResponse response;
        using (var timeout = new CancellationTokenSource(options.TokenRequestTimeout, _timeProvider))
        {
            try
            {
                var http = _httpClientFactory.CreateClient(PurseHttpClients.Token);
                response = await http.RequestClientCredentialsTokenAsync(
                    new ClientCredentialsTokenRequest
                    {
                        Address = endpoint.AbsoluteUri,
                        ClientId = options.ClientId!,
                        ClientSecret = options.ClientSecret,
                        ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
                    },
                    timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception)
            {
                LogTokenFailure(_logger, "no answer in time", null);
                throw Failure($"the token endpoint did not answer within {options.TokenRequestTimeout.TotalSeconds:0.###} s", null, exception);
            }
        }

        if (response.IsError)
        {
            var status = response.ErrorType == ResponseErrorType.Exception && response.HttpResponse is null ? (HttpStatusCode?)null : response.HttpStatusCode;
            var reason = response.ErrorType switch
            {
                ResponseErrorType.Http when (int)response.HttpStatusCode is >= 300 and < 400 =>
                    $"the token endpoint answered {(int)response.HttpStatusCode} ({response.HttpStatusCode}), a redirect to host '{_masker.Printable(response.HttpResponse?.Headers.Location?.IsAbsoluteUri == true ? response.HttpResponse.Headers.Location.Host : null, 128) ?? "(none)"}'; redirects are never followed, so the credentials were not sent there",
                ResponseErrorType.Exception when response.Exception is PurseResponseException tooLarge => tooLarge.Message,
                ResponseErrorType.Http => $"the token endpoint answered {(int)response.HttpStatusCode} ({response.HttpStatusCode})",
                ResponseErrorType.Protocol => $"the token endpoint refused the request ({(int)response.HttpStatusCode}, error '{_masker.Printable(response.Error, 100)}'{(string.IsNullOrEmpty(response.ErrorDescription) ? "" : $": {_masker.Printable(response.ErrorDescription, 300)}")})",
                _ when response.HttpResponse is { IsSuccessStatusCode: true } => "the token endpoint's answer is not a readable token response",
                _ => $"the token endpoint could not be reached ({response.Exception?.GetType().Name ?? "error"})",
            };
            reason = _masker.Apply(reason);
            LogTokenFailure(_logger, reason, (int?)status);
            throw Failure(reason, status, response.Exception is HttpRequestException ? response.Exception : null, response.Raw);
        }
        if (string.IsNullOrWhiteSpace(response.AccessToken))
        {
            LogTokenFailure(_logger, "answer without access_token", (int)response.HttpStatusCode);
            throw Failure("the token endpoint's answer has no access_token", response.HttpStatusCode, null);
        }

        _masker.RememberToken(response.AccessToken);
        var now = _timeProvider.GetUtcNow();
        var lifetime = response.ExpiresIn > 0 ? TimeSpan.FromSeconds(response.ExpiresIn) : FallbackLifetime;
        LogTokenObtained(_logger, (int)lifetime.TotalSeconds, _timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return new PurseAccessToken(response.AccessToken, now, now + lifetime);
    }

    private PurseAuthenticationException Failure(string reason, HttpStatusCode? status, Exception? inner, string? body = null)
    {
        // The raw body of a token response may hold a token: it is only kept masked and bounded.
        var excerpt = status is null ? null : _masker.Excerpt(body);
        var problem = status is null ? null : PurseErrorMapper.TryParseProblem(body, _masker);
        return new PurseAuthenticationException(
            _masker.Apply($"No access token could be obtained from Purse: {reason}. The API call was not sent."),
            new PurseErrorResponse(status, problem, excerpt, RequestId: null),
            fromTokenEndpoint: true,
            inner);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Purse access token obtained, valid for {LifetimeSeconds} s, in {ElapsedMs} ms")]
    private static partial void LogTokenObtained(ILogger logger, int lifetimeSeconds, double elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Purse token cache: waiting for a token renewed by another instance failed ({ErrorType}); this instance asks the token endpoint")]
    private static partial void LogSharedRenewalFailure(ILogger logger, string errorType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Purse access token request failed: {Reason} (status {StatusCode})")]
    private static partial void LogTokenFailure(ILogger logger, string reason, int? statusCode);
}
