using Microsoft.AspNetCore.Http;
using Purse.Testing;
using Purse.TestSupport;

namespace Purse.IntegrationTests.Peers;

/// <summary>
/// A loopback server relaying every request to an emulator's in-process handler, and able to
/// rewrite a response body on its way back: a deliberately broken upstream, to prove that
/// <c>prism proxy --errors</c> flags a response that breaks the spec.
/// </summary>
internal sealed class TamperingRelay : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Rewrites the body of responses to <c>GET</c> requests whose path matches; null relays
    /// untouched.</summary>
    public Func<string, string, string>? TamperWithGet { get; set; }

    public static async Task<TamperingRelay> StartAsync(PurseEmulator emulator, CancellationToken cancellationToken)
    {
        var upstream = new HttpMessageInvoker(emulator.CreateHandler());
        var relay = new TamperingRelay();
        relay._server = await LoopbackServer.StartAsync(
            "127.0.0.1",
            context => RelayAsync(context, upstream, relay),
            cancellationToken
        );
        return relay;
    }

    private static async Task RelayAsync(HttpContext context, HttpMessageInvoker upstream, TamperingRelay relay)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(
            new HttpMethod(incoming.Method),
            new Uri(PurseEmulator.InProcessBaseAddress, incoming.Path.Value + incoming.QueryString.Value)
        );
        using var body = new MemoryStream();
        await incoming.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }
        foreach (var header in incoming.Headers)
        {
            if (
                !request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray())
                && request.Content is not null
            )
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

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
