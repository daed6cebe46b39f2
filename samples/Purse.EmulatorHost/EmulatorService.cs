using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Purse.Testing;

namespace Purse.EmulatorHost;

/// <summary>Runs one emulator and its server for the life of the host, and says how to point a shop at it.</summary>
internal sealed class EmulatorService(IOptions<EmulatorHostOptions> options, TextWriter output)
    : IHostedService,
        IAsyncDisposable
{
    private PurseEmulator? _emulator;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _emulator = new PurseEmulator(EmulatorSettings.From(settings));
        var server = await _emulator.StartServerAsync(settings.Port, cancellationToken);
        await output.WriteAsync(ShopSettings.Banner(settings, server.BaseAddress));
        await output.FlushAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _emulator, null) is { } emulator)
        {
            await emulator.DisposeAsync();
        }
    }
}
