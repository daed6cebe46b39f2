using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Purse;

/// <summary>Names of the <see cref="IHttpClientFactory"/> clients the facade uses.</summary>
public static class PurseHttpClients
{
    /// <summary>
    /// The client of the API calls, named so that its handlers can be configured. Its handler logs each exchange and
    /// bounds the answer; the token, API key, timeouts and retries are set per call by the facade, so a request sent
    /// on this client directly has none of them.
    /// </summary>
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

    /// <summary>
    /// Turns automatic redirects off on a primary handler the application chose, also when it is
    /// wrapped in delegating handlers.
    /// </summary>
    internal static void RefuseRedirects(HttpMessageHandler? handler)
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

    /// <summary>Registers the token and API clients and their handlers.</summary>
    internal static void Add(IServiceCollection services, Action<IHttpClientBuilder>? configureHttp)
    {
        // Both clients: no timeout of HttpClient's own (TokenRequestTimeout and the resilience pipeline bound the calls),
        // IHttpClientFactory's loggers (full URIs, headers at Trace) replaced by PurseLoggingHandler.
        var token = services.AddHttpClient(Token, http => PurseUserAgent.Apply(Defaults(http, null)))
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .RemoveAllLoggers()
            .AddHttpMessageHandler(provider => ActivatorUtilities.CreateInstance<PurseLoggingHandler>(provider, (long)TokenResponseLimit, false));
        configureHttp?.Invoke(token);

        // One handler per exchange (logging, size limit); the token, API key and user agent are set on each request
        // by PurseApiCaller, so the client has no default headers to copy on every call.
        var api = services.AddHttpClient(Api, (provider, http) => Defaults(http, provider.GetRequiredService<IOptions<PurseClientOptions>>().Value.EffectiveBaseAddress))
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .RemoveAllLoggers()
            .AddHttpMessageHandler(provider =>
                ActivatorUtilities.CreateInstance<PurseLoggingHandler>(provider, provider.GetRequiredService<IOptions<PurseClientOptions>>().Value.MaxResponseSize));
        configureHttp?.Invoke(api);
        services.AddSingleton<PurseResilience>();
        services.AddSingleton<PurseTokenEndpoint>();

        // After every other configuration, also a primary handler set later with AddHttpClient(Api): no redirect followed.
        foreach (var name in (string[])[Api, Token])
        {
            services.PostConfigure<HttpClientFactoryOptions>(name, o => o.HttpMessageHandlerBuilderActions.Add(builder => RefuseRedirects(builder.PrimaryHandler)));
        }
    }

    private static HttpClient Defaults(HttpClient http, Uri? baseAddress)
    {
        http.BaseAddress = baseAddress;
        http.Timeout = Timeout.InfiniteTimeSpan;
        return http;
    }
}
