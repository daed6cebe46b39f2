using Purse.Tests.Support;

namespace Purse.IntegrationTests.Peers;

/// <summary>Stoplight Prism, from build/node_modules: a mock server or a validation proxy for the spec.</summary>
internal static class Prism
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Serves the spec's examples, validating every request against the spec.</summary>
    public static Task<PeerProcess> MockAsync()
    {
        var port = LoopbackPort.Free();
        return PeerProcess.StartAsync(
            NodeTools.Path("prism"),
            ["mock", "-h", "127.0.0.1", "-p", port.ToString(), RepoPaths.Spec],
            new Uri($"http://127.0.0.1:{port}/"),
            IsListening,
            StartTimeout
        );
    }

    /// <summary>
    /// Forwards to <paramref name="upstream"/> and, with <c>--errors</c>, answers with an error
    /// whenever a request or a response breaks the spec.
    /// </summary>
    public static Task<PeerProcess> ProxyAsync(Uri upstream)
    {
        var port = LoopbackPort.Free();
        return PeerProcess.StartAsync(
            NodeTools.Path("prism"),
            [
                "proxy",
                "-h",
                "127.0.0.1",
                "-p",
                port.ToString(),
                "--errors",
                RepoPaths.Spec,
                upstream.ToString().TrimEnd('/'),
            ],
            new Uri($"http://127.0.0.1:{port}/"),
            IsListening,
            StartTimeout
        );
    }

    // Any HTTP answer means Prism is up (an unauthenticated request gets 401).
    private static async Task<bool> IsListening(HttpClient probe)
    {
        using var response = await probe.GetAsync("payment/v2/signing-jwks");
        return true;
    }
}
