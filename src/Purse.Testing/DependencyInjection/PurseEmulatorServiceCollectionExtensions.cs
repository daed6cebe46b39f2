using Purse;
using Purse.Testing;

// The usual home of AddXxx methods, next to the facade's own AddPurseClient overloads.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the Purse client (<see cref="IPurseClient"/>) against a <see cref="PurseEmulator"/>
/// in one line, as the default client or as a named one. This file is the only part of Purse.Testing
/// that knows the facade: the emulator itself speaks the wire model only, so the facade is tested
/// against it rather than with it. It uses the facade's public registration only.
/// </summary>
public static class PurseEmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Purse client served in-process by <paramref name="emulator"/>: its
    /// credentials, entity and base address, and <see cref="PurseEmulator.CreateHandler"/> as the
    /// primary handler of both HTTP clients (API and token endpoint). No socket is opened.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="emulator">The emulator that answers every call.</param>
    /// <param name="configure">Optional: more options, applied after the emulator's (e.g. <c>Resilience</c>).</param>
    /// <param name="configureHttp">Optional: more HTTP configuration of both clients (e.g. a recording
    /// handler).</param>
    public static IServiceCollection AddPurseClient(
        this IServiceCollection services,
        PurseEmulator emulator,
        Action<PurseClientOptions>? configure = null,
        Action<IHttpClientBuilder>? configureHttp = null
    )
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return services.AddPurseClient(InProcessOptions(emulator, configure), InProcessHttp(emulator, configureHttp));
    }

    /// <summary>
    /// Registers the Purse client over real HTTP at <paramref name="baseAddress"/>, with the
    /// credentials and entity of <paramref name="emulator"/>: the address of
    /// <see cref="PurseEmulator.StartServerAsync(int, CancellationToken)"/>'s server, or of a proxy in front
    /// of it (such as <c>prism proxy --errors</c>). The token endpoint is <c>{baseAddress}oauth/token</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="emulator">The emulator whose credentials the client uses.</param>
    /// <param name="baseAddress">Where requests go (plain HTTP is accepted on loopback only).</param>
    /// <param name="configure">Optional: more options, applied after the emulator's.</param>
    /// <param name="configureHttp">Optional: more HTTP configuration of both clients.</param>
    public static IServiceCollection AddPurseClient(
        this IServiceCollection services,
        PurseEmulator emulator,
        Uri baseAddress,
        Action<PurseClientOptions>? configure = null,
        Action<IHttpClientBuilder>? configureHttp = null
    )
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentNullException.ThrowIfNull(baseAddress);
        return services.AddPurseClient(ServerOptions(emulator, baseAddress, configure), configureHttp);
    }

    /// <summary>
    /// Registers a client named <paramref name="name"/> served in-process by <paramref name="emulator"/>, beside
    /// the default client and other named ones: inject it as <c>[FromKeyedServices("shop_fr")] IPurseClient</c> or
    /// get it from <see cref="IPurseClientFactory"/>, as in production. Give each name its own emulator: each has
    /// its own entity and credentials, as each Purse entity does.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, as the application registers it in production.</param>
    /// <param name="emulator">The emulator that answers this client's calls.</param>
    /// <param name="configure">Optional: more options of this client, applied after the emulator's.</param>
    /// <param name="configureHttp">Optional: more HTTP configuration of this client's two HTTP clients.</param>
    public static IServiceCollection AddPurseClient(
        this IServiceCollection services,
        string name,
        PurseEmulator emulator,
        Action<PurseClientOptions>? configure = null,
        Action<IHttpClientBuilder>? configureHttp = null
    )
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return services.AddPurseClient(
            name,
            InProcessOptions(emulator, configure),
            InProcessHttp(emulator, configureHttp)
        );
    }

    /// <summary>
    /// Registers a client named <paramref name="name"/> over real HTTP at <paramref name="baseAddress"/> (the
    /// emulator's server, or a proxy in front of it), with the credentials and entity of
    /// <paramref name="emulator"/>. See the in-process overload.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, as the application registers it in production.</param>
    /// <param name="emulator">The emulator whose credentials this client uses.</param>
    /// <param name="baseAddress">Where requests go (plain HTTP is accepted on loopback only).</param>
    /// <param name="configure">Optional: more options of this client, applied after the emulator's.</param>
    /// <param name="configureHttp">Optional: more HTTP configuration of this client's two HTTP clients.</param>
    public static IServiceCollection AddPurseClient(
        this IServiceCollection services,
        string name,
        PurseEmulator emulator,
        Uri baseAddress,
        Action<PurseClientOptions>? configure = null,
        Action<IHttpClientBuilder>? configureHttp = null
    )
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentNullException.ThrowIfNull(baseAddress);
        return services.AddPurseClient(name, ServerOptions(emulator, baseAddress, configure), configureHttp);
    }

    private static Action<PurseClientOptions> InProcessOptions(
        PurseEmulator emulator,
        Action<PurseClientOptions>? configure
    ) =>
        options =>
        {
            UseCredentials(options, emulator);
            // The handler routes on the path only; this address just keeps the options valid.
            options.BaseAddress = PurseEmulator.InProcessBaseAddress;
            configure?.Invoke(options);
        };

    private static Action<IHttpClientBuilder> InProcessHttp(
        PurseEmulator emulator,
        Action<IHttpClientBuilder>? configureHttp
    ) =>
        http =>
        {
            http.ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
            configureHttp?.Invoke(http);
        };

    private static Action<PurseClientOptions> ServerOptions(
        PurseEmulator emulator,
        Uri baseAddress,
        Action<PurseClientOptions>? configure
    ) =>
        options =>
        {
            UseCredentials(options, emulator);
            options.BaseAddress = baseAddress;
            configure?.Invoke(options);
        };

    private static void UseCredentials(PurseClientOptions options, PurseEmulator emulator)
    {
        options.ClientId = emulator.ClientId;
        options.ClientSecret = emulator.ClientSecret;
        options.ApiKey = emulator.ApiKey;
        options.EntityId = emulator.EntityId;
    }
}
