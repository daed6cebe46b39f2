using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Purse.Testing;

namespace Purse.IntegrationTests.Peers;

/// <summary>
/// A loopback server relaying every request to an emulator's in-process handler, and able to
/// rewrite a response body on its way back: a deliberately broken upstream, to prove that
/// <c>prism proxy --errors</c> flags a response that breaks the spec.
/// </summary>
internal sealed class TamperingRelay : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TamperingRelay(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Rewrites the body of responses to <c>GET</c> requests whose path matches; null relays untouched.</summary>
    public Func<string, string, string>? TamperWithGet { get; set; }

    public static async Task<TamperingRelay> StartAsync(PurseEmulator emulator, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new HttpMessageInvoker(emulator.CreateHandler());
        TamperingRelay? relay = null;
        app.Run(context => RelayAsync(context, upstream, relay!));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        relay = new TamperingRelay(app, new Uri(address.TrimEnd('/') + "/"));
        return relay;
    }

    private static async Task RelayAsync(HttpContext context, HttpMessageInvoker upstream, TamperingRelay relay)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(PurseEmulator.InProcessBaseAddress, incoming.Path.Value + incoming.QueryString.Value));
        using var body = new MemoryStream();
        await incoming.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }
        foreach (var header in incoming.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()) && request.Content is not null)
            {
                request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }
        request.Headers.Host = null;

        using var response = await upstream.SendAsync(request, context.RequestAborted);
        var text = await response.Content.ReadAsStringAsync(context.RequestAborted);
        if (incoming.Method == "GET" && relay.TamperWithGet is { } tamper)
        {
            text = tamper(incoming.Path.Value ?? "", text);
        }
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await context.Response.WriteAsync(text, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
