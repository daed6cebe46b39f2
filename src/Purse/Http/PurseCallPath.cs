using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Purse;

/// <summary>
/// The path of every call to Purse, in order. Open this file first; docs/architecture.md says the same in prose.
/// <code>
/// call level: PurseApiCaller, once per call
///   1. telemetry          PurseTelemetry (Telemetry/)      the operation's span and duration metric
///   2. write settlement   WriteSettlement                  a write's 409 write-conflict ends in the earlier result;
///                                                          a write's failure says whether money may have moved
///   3. retries, timeouts  RetryPolicy                      Polly, chosen by the operation's kind
///   4. classification     ResponseClassifier (Errors/)     each attempt's end: its result, or which failure and
///                                                          whether to try again
///      → RawPurseClient (generated): one attempt, one request
/// exchange level: handlers of the API's HttpClient, outer to inner (Handlers/)
///   5. authentication     AuthenticationHandler            token, API key, user agent; once more after a 401
///   6. redirect refusal   RedirectRefusalHandler           a redirect is never followed
///   7. response limit     ResponseLimitHandler             every answer bounded and buffered
///   8. send record        SendRecordHandler                whether Purse may have carried a request out
///   9. logging            PurseLoggingHandler              one line per exchange
///      → primary handler: the application's or IHttpClientFactory's, its automatic redirects turned off
/// after the path: PurseErrorMapper (Errors/), the one place a failure becomes a public exception
/// </code>
/// Handlers the application adds to all its HTTP clients (<c>ConfigureHttpClientDefaults</c>) run before step 5, so
/// a request they send again goes through steps 5 to 9 again. The token endpoint's client has steps 6, 7 and 9.
/// </summary>
internal static class PurseCallPath
{
    /// <summary>Registers the API and token HTTP clients of the Purse client <paramref name="clientName"/>, their
    /// handlers in order.</summary>
    public static void AddHttpClients(
        IServiceCollection services,
        string clientName,
        Action<IHttpClientBuilder>? configureHttp
    )
    {
        // Both clients: no timeout of HttpClient's own (the retry policy and TokenRequestTimeout bound the calls),
        // IHttpClientFactory's loggers (full URIs, headers at Trace) replaced by PurseLoggingHandler.
        var api = services
            .AddHttpClient(PurseHttpClients.ApiFor(clientName), (provider, http) =>
            {
                http.BaseAddress = Options(provider, clientName).EffectiveBaseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllLoggers()
            .AddHttpMessageHandler(provider => new AuthenticationHandler(
                provider.GetRequiredKeyedService<PurseTokenProvider>(clientName),
                provider.GetRequiredKeyedService<IOptions<PurseClientOptions>>(clientName)
            ))
            .AddHttpMessageHandler(() => new RedirectRefusalHandler())
            .AddHttpMessageHandler(provider => new ResponseLimitHandler(
                Options(provider, clientName).MaxResponseSize,
                "(PurseClientOptions.MaxResponseSize)"
            ))
            .AddHttpMessageHandler(() => new SendRecordHandler())
            .AddHttpMessageHandler(provider => ActivatorUtilities.CreateInstance<PurseLoggingHandler>(provider));
        configureHttp?.Invoke(api);

        var token = services
            .AddHttpClient(PurseHttpClients.TokenFor(clientName), http =>
            {
                http.Timeout = Timeout.InfiniteTimeSpan;
                PurseUserAgent.Apply(http);
            })
            .RemoveAllLoggers()
            .AddHttpMessageHandler(() => new RedirectRefusalHandler())
            .AddHttpMessageHandler(() =>
                new ResponseLimitHandler(PurseHttpClients.TokenResponseLimit, "of a token answer")
            )
            .AddHttpMessageHandler(provider => ActivatorUtilities.CreateInstance<PurseLoggingHandler>(provider));
        configureHttp?.Invoke(token);

        // The primary handler is the application's (its HTTP client defaults, a proxy, a test double) or
        // IHttpClientFactory's: after every other configuration, whichever it is, it follows no redirect.
        foreach (var name in (string[])[PurseHttpClients.ApiFor(clientName), PurseHttpClients.TokenFor(clientName)])
        {
            services.PostConfigure<HttpClientFactoryOptions>(name, o =>
                o.HttpMessageHandlerBuilderActions.Add(builder =>
                    RedirectRefusalHandler.TurnOffAutoRedirect(builder.PrimaryHandler)
                )
            );
        }
    }

    private static PurseClientOptions Options(IServiceProvider provider, string clientName) =>
        provider.GetRequiredKeyedService<IOptions<PurseClientOptions>>(clientName).Value;
}
