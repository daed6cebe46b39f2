using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Purse;

/// <summary>
/// One client registered with <c>AddPurseClient(name, ...)</c>: the same registration as the default
/// client, run in a private container of its own, so that its token, token cache, HTTP clients and
/// handlers cannot be shared with another name's. Its options are the application's named options
/// (bound and validated there); logging, time and metrics are the application's.
/// Disposed with the application's container, and disposes the private one.
/// </summary>
internal sealed class NamedPurseClient : IDisposable, IAsyncDisposable
{
    public NamedPurseClient(IServiceProvider root, string name, Action<IHttpClientBuilder>? configureHttp)
    {
        var services = new ServiceCollection();
        // Before AddCore: this closed registration wins over the open IOptions<> of AddOptions.
        services.AddSingleton<IOptions<PurseClientOptions>>(new PinnedOptions(root.GetRequiredService<IOptionsMonitor<PurseClientOptions>>(), name));
        services.AddSingleton(root.GetService<TimeProvider>() ?? TimeProvider.System);
        // The application's logging, metrics and Polly telemetry options, when it has them (AddHttpClient adds a logging of its own otherwise).
        // Only a cache registered for this name: the application's unkeyed IPurseTokenCache belongs
        // to the default client, and sharing it would hand one entity's token to another.
        Share(root.GetService<ILoggerFactory>());
        Share(root.GetService<IMeterFactory>());
        Share(root.GetService<IOptions<Polly.Telemetry.TelemetryOptions>>());
        Share(root.GetKeyedService<IPurseTokenCache>(name));
        PurseServiceCollectionExtensions.AddCore(services, configureHttp);
        // Everything logged during a call (exchanges, retries, token requests) names the client.
        services.AddSingleton(provider => new PurseCallScope(provider.GetRequiredService<ILogger<NamedPurseClient>>(), name));
        Services = services.BuildServiceProvider();
        Client = Services.GetRequiredService<IPurseClient>();

        void Share<T>(T? service) where T : class
        {
            if (service is not null)
            {
                services.AddSingleton(service);
            }
        }
    }

    public IPurseClient Client { get; }

    /// <summary>The private container (tests check it is disposed).</summary>
    internal ServiceProvider Services { get; }

    public void Dispose() => Services.Dispose();

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    /// <summary>
    /// The named options, read (and validated) on first use as the default client's are, then kept:
    /// a configuration reload does not change a client halfway through its pipeline.
    /// </summary>
    private sealed class PinnedOptions(IOptionsMonitor<PurseClientOptions> monitor, string name) : IOptions<PurseClientOptions>
    {
        private PurseClientOptions? _value;

        // A failed validation is not kept: it throws again on the next use, as IOptions<T> does.
        public PurseClientOptions Value => _value ??= monitor.Get(name);
    }
}
