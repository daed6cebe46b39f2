using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Purse.Testing.Tests.Support;

/// <summary>
/// A merchant's webhook endpoint on 127.0.0.1 and a free port (Kestrel): records every POST and
/// answers the statuses it is given in turn, then 200. Dispose to stop it.
/// </summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses;

    private LoopbackReceiver(WebApplication app, ConcurrentQueue<int> statuses, Uri url)
    {
        _app = app;
        _statuses = statuses;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<string> Bodies { get; } = new();

    public static async Task<LoopbackReceiver> StartAsync(IEnumerable<int> statuses, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var queue = new ConcurrentQueue<int>(statuses);
        LoopbackReceiver? receiver = null;
        app.MapPost("/purse/webhook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            receiver!.Bodies.Enqueue(await reader.ReadToEndAsync(context.RequestAborted));
            context.Response.StatusCode = queue.TryDequeue(out var status) ? status : 200;
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new LoopbackReceiver(app, queue, new Uri(address.TrimEnd('/') + "/purse/webhook"));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
