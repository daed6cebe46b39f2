using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Purse.IntegrationTests.Peers;
using Purse.Tests.Support;

namespace Purse.IntegrationTests.Facade;

/// <summary>
/// The facade's OAuth2 client-credentials flow against a real OAuth2 server
/// (oauth2-mock-server) as the token endpoint, the API being Prism mocking the spec: the signed
/// JWT the server issues is the bearer every API call carries, fetched once and reused.
/// </summary>
[NonParallelizable]
public sealed class TokenFlowTests
{
    private const string ClientId = "merchant-42";
    private const string ClientSecret = "s3cret-for-the-mock";

    private PeerProcess _oauth = null!;
    private PeerProcess _prism = null!;

    [OneTimeSetUp]
    public async Task StartPeers()
    {
        _oauth = await OAuth2MockServer.StartAsync();
        _prism = await Prism.MockAsync();
    }

    [OneTimeTearDown]
    public async Task StopPeers()
    {
        if (_prism is not null)
        {
            await _prism.DisposeAsync();
        }
        if (_oauth is not null)
        {
            await _oauth.DisposeAsync();
        }
    }

    [Test]
    public async Task The_token_issued_by_the_OAuth2_server_is_the_bearer_of_every_API_call()
    {
        var tokenEndpoint = new Uri(_oauth.BaseAddress, "token");
        await using var host = FacadeHost.Create(
            (services, http) =>
                services.AddPurseClient(
                    options =>
                    {
                        options.ClientId = ClientId;
                        options.ClientSecret = ClientSecret;
                        options.ApiKey = "prism-api-key";
                        options.BaseAddress = _prism.BaseAddress;
                        options.TokenEndpoint = tokenEndpoint;
                        FacadeHost.Bounded(options);
                    },
                    http
                )
        );
        // The ids of the samples Prism answers with (the client checks it gets what it asked for).
        var paymentId = (Guid)SpecDocument.Current.Operation("getPayment").ResponseExample()["id"]!;
        var sessionId = (Guid)SpecDocument.Current.Operation("getClientSession").ResponseExample()["id"]!;

        await host.Purse.Payments.GetAsync(paymentId);
        await host.Purse.ClientSessions.GetAsync(sessionId);

        var sent = host.Log.Requests;
        Assert.That(
            sent.Select(r => $"{r.Method} {r.Uri.GetLeftPart(UriPartial.Path)} {r.StatusCode}"),
            Is.EqualTo(
                new[]
                {
                    $"POST {tokenEndpoint} 200",
                    $"GET {_prism.BaseAddress}payment/v2/payments/{paymentId} 200",
                    $"GET {_prism.BaseAddress}payment/v2/client-sessions/{sessionId} 200",
                }
            ),
            "one token request to the OAuth2 server, then both calls to the API with the cached token"
        );

        var tokenRequest = sent[0];
        Assert.Multiple(() =>
        {
            Assert.That(
                tokenRequest.Authorization,
                Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")))
            );
            Assert.That(tokenRequest.Body, Is.EqualTo("grant_type=client_credentials"));
            Assert.That(sent[1].Bearer, Is.Not.Null.And.EqualTo(sent[2].Bearer));
        });

        // The bearer is the server's own signed JWT: it verifies against the server's keys and
        // carries the client id of the Basic credentials (added by Peers/oauth2-mock-server.mjs).
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(
            sent[1].Bearer,
            new TokenValidationParameters
            {
                IssuerSigningKeys = await SigningKeysAsync(),
                ValidIssuer = _oauth.BaseAddress.GetLeftPart(UriPartial.Authority),
                ValidateAudience = false,
            }
        );
        Assert.That(validation.IsValid, Is.True, validation.Exception?.Message);
        Assert.That(validation.Claims["client_id"], Is.EqualTo(ClientId));
    }

    [Test]
    public async Task Without_a_reachable_token_endpoint_no_API_request_is_sent()
    {
        var closedPort = LoopbackPort.Free();
        await using var host = FacadeHost.Create(
            (services, http) =>
                services.AddPurseClient(
                    options =>
                    {
                        options.ClientId = ClientId;
                        options.ClientSecret = ClientSecret;
                        options.ApiKey = "prism-api-key";
                        options.BaseAddress = _prism.BaseAddress;
                        options.TokenEndpoint = new Uri($"http://127.0.0.1:{closedPort}/token");
                        FacadeHost.Bounded(options);
                    },
                    http
                )
        );

        // A token endpoint that cannot be reached is a connection problem (issue 22), and nothing was sent.
        var error = Assert.ThrowsAsync<PurseConnectionException>(() => host.Purse.Payments.GetAsync(Guid.NewGuid()));

        Assert.That(error!.Outcome, Is.EqualTo(PurseOutcome.NotSent));
        Assert.That(
            host.Log.Requests.Select(r => r.Uri.Port),
            Is.EqualTo(new[] { closedPort }),
            "only the token request was attempted"
        );
    }

    private async Task<IList<SecurityKey>> SigningKeysAsync()
    {
        using var http = new HttpClient { BaseAddress = _oauth.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        return new JsonWebKeySet(await http.GetStringAsync("jwks")).GetSigningKeys();
    }
}
