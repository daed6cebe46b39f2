using Microsoft.Extensions.DependencyInjection;

namespace Purse.Tests.Support;

/// <summary>
/// The facade as a merchant builds it (AddPurseClient with the default primary handler, real
/// sockets, the system clock) against a loopback server playing Purse.
/// </summary>
internal sealed class LoopbackFacade : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public LoopbackFacade(Uri baseAddress, Action<PurseClientOptions>? configure = null)
    {
        _provider = new ServiceCollection()
            .AddPurseClient(options =>
            {
                FacadeHarness.UseTestClient(options, baseAddress);
                configure?.Invoke(options);
            })
            .BuildServiceProvider();
        Client = _provider.GetRequiredService<IPurseClient>();
    }

    public IPurseClient Client { get; }

    /// <summary>A token response, as Purse's token endpoint gives it.</summary>
    public static string TokenJson(int number = 1) =>
        $$"""{"access_token":"{{SecretLeakGuard.Token(number)}}","token_type":"Bearer","expires_in":3600}""";

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
