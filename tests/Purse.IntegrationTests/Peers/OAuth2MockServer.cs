using Purse.Tests.Support;

namespace Purse.IntegrationTests.Peers;

/// <summary>
/// oauth2-mock-server (build/node_modules), started through Peers/oauth2-mock-server.mjs: a real
/// OAuth2 server issuing RS256-signed JWT access tokens, with its keys at <c>/jwks</c>.
/// </summary>
internal static class OAuth2MockServer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts the server; its token endpoint is <c>{BaseAddress}token</c>.</summary>
    public static Task<PeerProcess> StartAsync()
    {
        NodeTools.Path("oauth2-mock-server"); // a missing tool fails here, with the fix in the message
        var port = LoopbackPort.Free();
        return PeerProcess.StartAsync(
            "node",
            [
                RepoPaths.Combine("tests", "Purse.IntegrationTests", "Peers", "oauth2-mock-server.mjs"),
                RepoPaths.Combine("build"),
                port.ToString(),
            ],
            new Uri($"http://127.0.0.1:{port}/"),
            async probe =>
            {
                using var response = await probe.GetAsync(".well-known/openid-configuration");
                return response.IsSuccessStatusCode;
            },
            StartTimeout
        );
    }
}
