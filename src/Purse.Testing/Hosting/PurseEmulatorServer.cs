using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Purse.Testing.HostedPage;
using Purse.Testing.Hosting;
using Purse.Testing.Routing;

namespace Purse.Testing;

/// <summary>
/// The emulator served by Kestrel on 127.0.0.1 (a free port, or the one asked for), for clients in
/// another process (or behind a validation proxy). Same core as the in-process handler, plus the hosted payment
/// pages (<c>/entities/{entity}/sessions/{id}</c>) where a person pays. Dispose to stop it.
/// </summary>
public sealed class PurseEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Action _onStopped;
    private int _disposed;

    private PurseEmulatorServer(WebApplication app, Uri baseAddress, Action onStopped)
    {
        _app = app;
        BaseAddress = baseAddress;
        _onStopped = onStopped;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:51234/</c> (ends with '/').</summary>
    public Uri BaseAddress { get; }

    internal static async Task<PurseEmulatorServer> StartAsync(
        PurseApi api,
        HostedPageEndpoint pages,
        int port,
        long maxBodySize,
        Action onStopped,
        CancellationToken cancellationToken
    )
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // A library's server must not take over the host process's Ctrl+C / SIGTERM handling.
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            // BoundedBody enforces the emulator's own limit, with a 413 problem+json.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.Run(async context =>
        {
            if (!await pages.TryServeAsync(context).ConfigureAwait(false))
            {
                await ServeAsync(api, maxBodySize, context).ConfigureAwait(false);
            }
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException busy) when (port != 0)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"The Purse emulator cannot listen on 127.0.0.1:{port}: {busy.Message}", busy);
        }
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        return new PurseEmulatorServer(app, new Uri(address.TrimEnd('/') + "/"), onStopped);
    }

    private static async Task ServeAsync(PurseApi api, long maxBodySize, HttpContext context)
    {
        var headers = EmulatorRequest.NewHeaderMap();
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }
        var path = context.Request.Path.Value ?? "/";
        var body = await BoundedBody
            .ReadAsync(context.Request.Body, context.Request.ContentLength, maxBodySize, context.RequestAborted)
            .ConfigureAwait(false);
        if (
            body is null
            && !await BoundedBody.DrainAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false)
        )
        {
            context.Abort(); // beyond the drain limit: the client sees a reset, as from any server
            return;
        }
        var answer = body is null
            ? PurseApi.TooLarge(path, maxBodySize)
            : await api.HandleAsync(
                    new EmulatorRequest(context.Request.Method, path, headers, body),
                    context.RequestAborted
                )
                .ConfigureAwait(false);
        if (answer.IsDropped)
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = answer.ContentType + "; charset=utf-8";
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }
        await context.Response.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Stops the server (bounded: open connections get five seconds).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _onStopped();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A host lifetime that ignores process signals: the emulator stops when disposed.</summary>
    private sealed class NoSignalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
