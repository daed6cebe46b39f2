using Microsoft.Extensions.DependencyInjection;

namespace Purse.IntegrationTests.Facade;

/// <summary>
/// The facade as a merchant builds it (<c>services.AddPurseClient(...)</c>), with a
/// <see cref="RecordingHandler"/> on both HTTP clients and fast, bounded resilience settings so
/// that a broken peer fails the test quickly instead of being retried.
/// </summary>
internal sealed class FacadeHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private FacadeHost(ServiceProvider provider, RequestLog log)
    {
        _provider = provider;
        Log = log;
    }

    public IPurseClient Purse => _provider.GetRequiredService<IPurseClient>();

    public RequestLog Log { get; }

    /// <summary>Registers the facade with <paramref name="register"/>, given the HTTP hook that adds the
    /// recorder.</summary>
    public static FacadeHost Create(Action<IServiceCollection, Action<IHttpClientBuilder>> register)
    {
        var log = new RequestLog();
        var services = new ServiceCollection();
        register(services, http => http.AddHttpMessageHandler(() => new RecordingHandler(log)));
        return new FacadeHost(services.BuildServiceProvider(), log);
    }

    /// <summary>Retries off (a peer's error must surface at once) and every call bounded in time.</summary>
    public static void Bounded(PurseClientOptions options)
    {
        options.Resilience.MaxRetryAttempts = 0;
        options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(20);
        options.Resilience.TotalTimeout = TimeSpan.FromSeconds(20);
        options.TokenRequestTimeout = TimeSpan.FromSeconds(20);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
