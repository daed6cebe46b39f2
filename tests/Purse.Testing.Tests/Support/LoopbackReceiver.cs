using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Purse.TestSupport;

namespace Purse.Testing.Tests.Support;

/// <summary>
/// A merchant's webhook endpoint on 127.0.0.1 and a free port (a <see cref="LoopbackServer"/>):
/// records every POST to /purse/webhook and answers the statuses it is given in turn, then 200.
/// Dispose to stop it.
/// </summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private LoopbackReceiver(LoopbackServer server, ConcurrentQueue<string> bodies)
    {
        _server = server;
        Bodies = bodies;
        Url = new Uri(server.BaseAddress, "purse/webhook");
    }

    public Uri Url { get; }

    public ConcurrentQueue<string> Bodies { get; }

    public static async Task<LoopbackReceiver> StartAsync(
        IEnumerable<int> statuses,
        CancellationToken cancellationToken
    )
    {
        var queue = new ConcurrentQueue<int>(statuses);
        var bodies = new ConcurrentQueue<string>();
        var server = await LoopbackServer.StartAsync(
            "127.0.0.1",
            async context =>
            {
                if (context.Request.Method != HttpMethods.Post || context.Request.Path != "/purse/webhook")
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                using var reader = new StreamReader(context.Request.Body);
                bodies.Enqueue(await reader.ReadToEndAsync(context.RequestAborted));
                context.Response.StatusCode = queue.TryDequeue(out var status) ? status : 200;
            },
            cancellationToken
        );
        return new LoopbackReceiver(server, bodies);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
