using Microsoft.Extensions.Configuration;
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
    public static IServiceCollection AddPurseClient(
        this IServiceCollection services,
        Action<PurseClientOptions> configure,
        Action<IHttpClientBuilder>? configureHttp = null
    )
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Add(
            services,
            PurseClientRegistration.DefaultName,
            options => options.Configure(configure),
            configureHttp
        );
    }

    /// <summary>
    /// Registers <see cref="IPurseClient"/> configured from a configuration section, e.g.
    /// <c>configuration.GetSection("Purse")</c> with keys <c>ClientId</c>, <c>ClientSecret</c>,
    /// <c>ApiKey</c>, <c>EntityId</c>, <c>Environment</c>, ...
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="configureHttp">Optional: configures both HTTP clients (API and token endpoint).</param>
    public static IServiceCollection AddPurseClient(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IHttpClientBuilder>? configureHttp = null
    )
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(
            services,
            PurseClientRegistration.DefaultName,
            options => Bind(options, configuration),
            configureHttp
        );
    }

    /// <summary>
    /// Registers a client named <paramref name="name"/>, configured in code, beside the default one
    /// and other named ones: one per Purse entity (each with its own credentials). Inject it as
    /// <c>[FromKeyedServices("shop_fr")] IPurseClient</c> (or <see cref="IPayments"/>, ...), or get it
    /// from <see cref="IPurseClientFactory"/>. It has its own options (validated at host start and
    /// before its first call, the messages naming the client), token, token cache and HTTP clients
    /// (<see cref="PurseHttpClients.ApiFor"/>); it shares the application's HTTP client defaults, logging and
    /// metrics like the default client.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name; not empty, case-sensitive, registered once.</param>
    /// <param name="configure">Sets the options of this client.</param>
    /// <param name="configureHttp">Optional: configures both HTTP clients of this client.</param>
    public static IServiceCollection AddPurseClient(
        this IServiceCollection services,
        string name,
        Action<PurseClientOptions> configure,
        Action<IHttpClientBuilder>? configureHttp = null
    )
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, CheckName(name), options => options.Configure(configure), configureHttp);
    }

    /// <summary>
    /// Registers a client named <paramref name="name"/> configured from a configuration section, e.g.
    /// <c>configuration.GetSection("Purse:Clients:shop_fr")</c>. See the overload taking an <c>Action</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name; not empty, case-sensitive, registered once.</param>
    /// <param name="configuration">The section holding this client's options.</param>
    /// <param name="configureHttp">Optional: configures both HTTP clients of this client.</param>
    public static IServiceCollection AddPurseClient(
        this IServiceCollection services,
        string name,
        IConfiguration configuration,
        Action<IHttpClientBuilder>? configureHttp = null
    )
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(services, CheckName(name), options => Bind(options, configuration), configureHttp);
    }

    /// <summary>One client: its options (validated at host start and before first use), then its parts.</summary>
    private static IServiceCollection Add(
        IServiceCollection services,
        string name,
        Action<OptionsBuilder<PurseClientOptions>> configure,
        Action<IHttpClientBuilder>? configureHttp
    )
    {
        ArgumentNullException.ThrowIfNull(services);
        if (PurseClientRegistration.IsRegistered(services, name))
        {
            throw new InvalidOperationException(
                name == PurseClientRegistration.DefaultName
                    ? "AddPurseClient was already called on this service collection; configure the Purse client once, "
                        + "or give each client a name: AddPurseClient(\"name\", ...)."
                    : $"AddPurseClient(\"{name}\", ...) was already called on this service collection; each Purse "
                        + "client name is registered once."
            );
        }
        configure(services.AddOptions<PurseClientOptions>(name).ValidateOnStart());
        PurseClientRegistration.Add(services, name, configureHttp);
        return services;
    }

    /// <summary>Binds the section (each value of a wrong type named, <see cref="PurseOptionsBinding"/>), following its
    /// reloads.</summary>
    private static void Bind(OptionsBuilder<PurseClientOptions> options, IConfiguration configuration)
    {
        options.Configure(o => PurseOptionsBinding.Bind(configuration, o, options.Name));
        options.Services.AddSingleton<IOptionsChangeTokenSource<PurseClientOptions>>(
            new ConfigurationChangeTokenSource<PurseClientOptions>(options.Name, configuration)
        );
    }

    private static string CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException(
                "A Purse client name cannot be empty; register the default client with AddPurseClient(configure) "
                    + "instead.",
                nameof(name)
            );
        }
        return name;
    }
}
