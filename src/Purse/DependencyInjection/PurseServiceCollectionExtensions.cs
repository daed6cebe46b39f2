using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Purse;

// The usual home of AddXxx methods, so that they are found without another using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Purse client.</summary>
public static class PurseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPurseClient"/> (and its parts: <see cref="IPayments"/>,
    /// <see cref="IClientSessions"/>, ...) configured in code.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (credentials, environment, ...).</param>
    /// <param name="configureHttp">
    /// Optional: configures both HTTP clients (API and token endpoint), e.g.
    /// <c>http =&gt; http.ConfigurePrimaryHttpMessageHandler(() =&gt; emulator)</c> to plug in a test double.
    /// </param>
    public static IServiceCollection AddPurseClient(this IServiceCollection services, Action<PurseClientOptions> configure, Action<IHttpClientBuilder>? configureHttp = null) =>
        AddCore(Validated(Checked(services, configure)).Configure(configure).Services, configureHttp);

    /// <summary>
    /// Registers <see cref="IPurseClient"/> configured from a configuration section, e.g.
    /// <c>configuration.GetSection("Purse")</c> with keys <c>ClientId</c>, <c>ClientSecret</c>,
    /// <c>ApiKey</c>, <c>EntityId</c>, <c>Environment</c>, ...
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="configureHttp">Optional: configures both HTTP clients (API and token endpoint).</param>
    public static IServiceCollection AddPurseClient(this IServiceCollection services, IConfiguration configuration, Action<IHttpClientBuilder>? configureHttp = null) =>
        AddCore(Validated(Checked(services, configuration)).Bind(configuration).Services, configureHttp);

    /// <summary>
    /// Registers a client named <paramref name="name"/>, configured in code, beside the default one
    /// and other named ones: one per Purse entity (each with its own credentials). Inject it as
    /// <c>[FromKeyedServices("shop-fr")] IPurseClient</c> (or <see cref="IPayments"/>, ...), or get it
    /// from <see cref="IPurseClientFactory"/>. It has its own options (validated at host start and
    /// before its first call, the messages naming the client), token, token cache and HTTP clients.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name; not empty, case-sensitive, registered once.</param>
    /// <param name="configure">Sets the options of this client.</param>
    /// <param name="configureHttp">
    /// Optional: configures both HTTP clients of this client. They live in the client's own container:
    /// a handler resolved from services must be registered on <see cref="IHttpClientBuilder.Services"/>.
    /// </param>
    public static IServiceCollection AddPurseClient(this IServiceCollection services, string name, Action<PurseClientOptions> configure, Action<IHttpClientBuilder>? configureHttp = null) =>
        AddNamed(Validated(Checked(services, configure), CheckName(name)).Configure(configure).Services, name, configureHttp);

    /// <summary>
    /// Registers a client named <paramref name="name"/> configured from a configuration section, e.g.
    /// <c>configuration.GetSection("Purse:Clients:shop-fr")</c>. See the overload taking an <c>Action</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name; not empty, case-sensitive, registered once.</param>
    /// <param name="configuration">The section holding this client's options.</param>
    /// <param name="configureHttp">Optional: configures both HTTP clients of this client.</param>
    public static IServiceCollection AddPurseClient(this IServiceCollection services, string name, IConfiguration configuration, Action<IHttpClientBuilder>? configureHttp = null) =>
        AddNamed(Validated(Checked(services, configuration), CheckName(name)).Bind(configuration).Services, name, configureHttp);

    /// <summary>Throws for a null argument, in the order of the parameters.</summary>
    private static IServiceCollection Checked(
        IServiceCollection services, object source, [CallerArgumentExpression(nameof(source))] string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(source, sourceName);
        return services;
    }

    /// <summary>
    /// The options of one client (null: the default one), validated at host start and before first use (a named
    /// client's private container reads them from here), and the factory that finds clients by name.
    /// </summary>
    private static OptionsBuilder<PurseClientOptions> Validated(IServiceCollection services, string? name = null)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PurseClientOptions>, PurseClientOptionsValidator>());
        services.TryAddSingleton<IPurseClientFactory, PurseClientFactory>();
        return services.AddOptions<PurseClientOptions>(name).ValidateOnStart();
    }

    private static string CheckName(string name) => string.IsNullOrWhiteSpace(name ?? throw new ArgumentNullException(nameof(name)))
        ? throw new ArgumentException("A Purse client name cannot be empty; register the default client with AddPurseClient(configure) instead.", nameof(name))
        : name;

    private static IServiceCollection AddNamed(IServiceCollection services, string name, Action<IHttpClientBuilder>? configureHttp)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(PurseClientNames))?.ImplementationInstance is not PurseClientNames names)
        {
            services.AddSingleton(names = []);
        }
        if (names.Contains(name)) throw new InvalidOperationException(
            $"AddPurseClient(\"{name}\", ...) was already called on this service collection; each Purse client name is registered once.");
        names.Add(name);

        // The client is built in a private container (NamedPurseClient); the application's container
        // only hands it out under its key.
        services.AddKeyedSingleton(name, (provider, _) => new NamedPurseClient(provider, name, configureHttp));
        services.AddKeyedSingleton(name, (provider, key) => provider.GetRequiredKeyedService<NamedPurseClient>(key).Client);
        services.AddKeyedSingleton(name, (provider, key) => provider.GetRequiredKeyedService<IPurseClient>(key).ClientSessions);
        services.AddKeyedSingleton(name, (provider, key) => provider.GetRequiredKeyedService<IPurseClient>(key).Payments);
        services.AddKeyedSingleton(name, (provider, key) => provider.GetRequiredKeyedService<IPurseClient>(key).PaymentLinks);
        services.AddKeyedSingleton(name, (provider, key) => provider.GetRequiredKeyedService<IPurseClient>(key).EligibleSolutions);
        return services;
    }

    /// <summary>
    /// The default client's registration (its options registered by the caller), also run by each named
    /// client in its own container.
    /// </summary>
    internal static IServiceCollection AddCore(IServiceCollection services, Action<IHttpClientBuilder>? configureHttp)
    {
        if (services.Any(d => d.ServiceType == typeof(PurseRegistrationMarker))) throw new InvalidOperationException(
            "AddPurseClient was already called on this service collection; configure the Purse client once, or give each client a name: AddPurseClient(\"name\", ...).");
        services.AddSingleton<PurseRegistrationMarker>();
        services.TryAddSingleton(TimeProvider.System);

        // Authentication.
        services.TryAddSingleton<IPurseTokenCache, InMemoryPurseTokenCache>();
        services.AddSingleton<PurseTokenProvider>();
        services.AddSingleton<SecretMasker>();

        PurseHttpClients.Add(services, configureHttp);

        // The facade.
        services.AddSingleton<PurseErrorMapper>();
        services.AddSingleton<PurseApiCaller>();
        services.AddSingleton<RequestChecks>();
        services.AddSingleton<IClientSessions, ClientSessions>();
        services.AddSingleton<IPayments, Payments>();
        services.AddSingleton<IPaymentLinks, PaymentLinks>();
        services.AddSingleton<IEligibleSolutions, EligibleSolutions>();
        services.AddSingleton<IJwksFetcher, JwksFetcher>();
        // Built on first use, so that invalid options fail at start (ValidateOnStart) or at the
        // first call, not when IPurseClient is resolved.
        services.AddSingleton<IRedirectionVerifier>(provider => new DeferredRedirectionVerifier(
            () => ActivatorUtilities.CreateInstance<RedirectionVerifier>(
                provider, provider.GetRequiredService<IOptions<PurseClientOptions>>().Value.Redirection)));
        services.AddSingleton<IPurseWebhooks>(provider => new PurseWebhooks(provider.GetRequiredService<IPayments>(),
            () => provider.GetRequiredService<IOptions<PurseClientOptions>>().Value.EffectiveWebhookSourceAddresses));
        services.AddSingleton<IPurseClient, PurseClient>();
        return services;
    }

    /// <summary>Marks a collection in which the Purse client is already registered.</summary>
    private sealed class PurseRegistrationMarker;
}
