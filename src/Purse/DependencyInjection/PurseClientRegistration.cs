using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Purse;

/// <summary>
/// Everything one Purse client is made of, registered in the application's container under the client's name as
/// keyed singletons (the default client under <see cref="DefaultName"/>, and unkeyed as <see cref="IPurseClient"/>).
/// Each part takes the others of its own client with <c>[FromKeyedServices]</c>, and its name with
/// <c>[ServiceKey]</c>: one container, the way Microsoft.Extensions.Http keys its clients by name, so a named client
/// gets the application's HTTP client defaults, logging, metrics and caches like the default one, and keeps its own
/// options, token, token cache and HTTP clients.
/// </summary>
internal static class PurseClientRegistration
{
    /// <summary>The default client's name: the options' default name.</summary>
    public const string DefaultName = "";

    public static void Add(IServiceCollection services, string name, Action<IHttpClientBuilder>? configureHttp)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<PurseClientOptions>, PurseClientOptionsValidator>()
        );
        services.TryAddSingleton<IPurseClientFactory, PurseClientFactory>();
        services.AddSingleton(new PurseClientName(name));

        // The client's options: its named options, read (and validated) on first use, then kept.
        services.AddKeyedSingleton<IOptions<PurseClientOptions>>(name, (provider, _) =>
            new PinnedOptions(provider.GetRequiredService<IOptionsMonitor<PurseClientOptions>>(), name)
        );

        // Authentication.
        services.AddKeyedSingleton<SecretMasker>(name);
        services.AddKeyedSingleton<PurseTokenEndpoint>(name);
        services.AddKeyedSingleton(name, (provider, _) =>
            ActivatorUtilities.CreateInstance<PurseTokenProvider>(
                provider,
                provider.GetRequiredKeyedService<PurseTokenEndpoint>(name),
                TokenCache(provider, name),
                provider.GetRequiredKeyedService<IOptions<PurseClientOptions>>(name),
                provider.GetRequiredKeyedService<SecretMasker>(name)
            )
        );

        // The call path (PurseCallPath says it in order).
        services.AddKeyedSingleton<RetryPolicy>(name);
        services.AddKeyedSingleton<PurseErrorMapper>(name);
        services.AddKeyedSingleton<PurseApiCaller>(name);
        PurseCallPath.AddHttpClients(services, name, configureHttp);

        // The services.
        services.AddKeyedSingleton<RequestChecks>(name);
        services.AddKeyedSingleton<IClientSessions, ClientSessions>(name);
        services.AddKeyedSingleton<IPayments, Payments>(name);
        services.AddKeyedSingleton<IPaymentLinks, PaymentLinks>(name);
        services.AddKeyedSingleton<IEligibleSolutions, EligibleSolutions>(name);
        services.AddKeyedSingleton<IJwksFetcher, JwksFetcher>(name);
        // Built on first use, so that invalid options fail at start (ValidateOnStart) or at the first call, not when
        // the client is resolved.
        services.AddKeyedSingleton<IRedirectionVerifier>(name, (provider, _) =>
            new DeferredRedirectionVerifier(() =>
                ActivatorUtilities.CreateInstance<RedirectionVerifier>(
                    provider,
                    provider.GetRequiredKeyedService<IJwksFetcher>(name),
                    provider.GetRequiredKeyedService<IOptions<PurseClientOptions>>(name).Value.Redirection
                )
            )
        );
        services.AddKeyedSingleton<IPurseWebhooks>(name, (provider, _) =>
            new PurseWebhooks(provider.GetRequiredKeyedService<IPayments>(name), () =>
                provider
                    .GetRequiredKeyedService<IOptions<PurseClientOptions>>(name)
                    .Value.EffectiveWebhookSourceAddresses
            )
        );
        services.AddKeyedSingleton<IPurseClient, PurseClient>(name);

        if (name == DefaultName)
        {
            AddUnkeyed(services);
        }
    }

    /// <summary>Whether a client of this name is registered in <paramref name="services"/> already.</summary>
    public static bool IsRegistered(IServiceCollection services, string name) =>
        services.Any(d =>
            d.ServiceType == typeof(PurseClientName)
            && d.ImplementationInstance is PurseClientName registered
            && registered.Name == name
        );

    /// <summary>
    /// The token cache of client <paramref name="name"/>: the application's for that name (or for every name, as
    /// Purse.Caching registers it); for the default client, an unkeyed one the application registered; else one in
    /// memory.
    /// </summary>
    private static IPurseTokenCache TokenCache(IServiceProvider provider, string name) =>
        provider.GetKeyedService<IPurseTokenCache>(name)
        ?? (name == DefaultName ? provider.GetService<IPurseTokenCache>() : null)
        ?? new InMemoryPurseTokenCache();

    /// <summary>The default client's parts, injected without a key.</summary>
    private static void AddUnkeyed(IServiceCollection services)
    {
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IPurseClient>(DefaultName));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IClientSessions>(DefaultName));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IPayments>(DefaultName));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IPaymentLinks>(DefaultName));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IEligibleSolutions>(DefaultName));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IRedirectionVerifier>(DefaultName));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IPurseWebhooks>(DefaultName));
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IJwksFetcher>(DefaultName));
    }

    /// <summary>
    /// The named options, read (and validated) on first use as the default client's are, then kept: a configuration
    /// reload does not change a client halfway through its pipeline.
    /// </summary>
    private sealed class PinnedOptions(IOptionsMonitor<PurseClientOptions> monitor, string name)
        : IOptions<PurseClientOptions>
    {
        private PurseClientOptions? _value;

        // A failed validation is not kept: it throws again on the next use, as IOptions<T> does.
        public PurseClientOptions Value => _value ??= monitor.Get(name);
    }
}

/// <summary>A Purse client registered in the container, by name ("" for the default one).</summary>
internal sealed record PurseClientName(string Name);
