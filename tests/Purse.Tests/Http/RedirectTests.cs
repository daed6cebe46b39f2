using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Purse.Tests.Redirection;
using Purse.Tests.Support;
using Purse.TestSupport;

namespace Purse.Tests.Http;

/// <summary>
/// No credential follows a redirect. Purse plays on 127.0.0.1 and answers with a redirect to
/// another host, 127.0.0.2, which would answer everything with success: the client sends it
/// nothing (no API key, no body) and fails with a typed error naming the status and the host.
/// Real sockets, the default primary handler.
/// </summary>
public sealed class RedirectTests
{
    private LoopbackServer _elsewhere = null!;

    [SetUp]
    public async Task StartTheOtherHost()
    {
        using var key = TestSigningKey.Rsa("attacker-key");
        var jwks = new JObject { ["keys"] = new JArray(key.PublicJwk) }.ToString();
        _elsewhere = await LoopbackServer.StartAsync("127.0.0.2", context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(
                context.Request.Path.Value switch
                {
                    "/oauth/token" => LoopbackFacade.TokenJson(99),
                    "/payment/v2/signing-jwks" => jwks,
                    _ => FacadeSamples.PaymentJson,
                }
            );
        });
    }

    [TearDown]
    public async Task StopTheOtherHost() => await _elsewhere.DisposeAsync();

    [TestCase(301)]
    [TestCase(302)]
    [TestCase(303)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task A_read_answered_with_a_redirect_sends_nothing_elsewhere(int status)
    {
        await using var purse = await RedirectingPurseAsync(status);
        await using var facade = new LoopbackFacade(purse.BaseAddress);

        var error = await FacadeHarness.ThrowsAsync<PurseHttpRedirectException>(() =>
            facade.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        AssertRefused(error, status);
    }

    [Test]
    public async Task A_refund_answered_307_is_not_posted_again_elsewhere()
    {
        await using var purse = await RedirectingPurseAsync(307);
        await using var facade = new LoopbackFacade(purse.BaseAddress);

        var error = await FacadeHarness.ThrowsAsync<PurseHttpRedirectException>(() =>
            facade.Client.Payments.RefundAsync(
                FacadeSamples.PaymentId,
                Money.FromMinorUnits(500, Purse.Models.Currency.Eur)
            )
        );

        AssertRefused(error, 307);
        Assert.That(
            error.Outcome,
            Is.EqualTo(PurseOutcome.Refused),
            "a write answered with a redirect was not carried out"
        );
        Assert.That(
            error.Message,
            Does.Contain("never follows a redirect"),
            "a write that got a redirect says what happened"
        );
    }

    [Test]
    public async Task A_token_endpoint_answering_307_gives_no_token_and_sends_no_call()
    {
        await using var purse = await RedirectingPurseAsync(307, redirectTokenEndpoint: true);
        await using var facade = new LoopbackFacade(purse.BaseAddress);

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            facade.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("307").And.Contain("127.0.0.2"));
            Assert.That(_elsewhere.Received, Is.Empty, "the client id and secret never left for the other host");
            Assert.That(
                purse.Received.Select(r => r.PathAndQuery),
                Is.EqualTo(new[] { "/oauth/token" }),
                "no API call without a token"
            );
        });
    }

    [Test]
    public async Task Signing_keys_behind_a_redirect_are_not_trusted()
    {
        using var attackerKey = TestSigningKey.Rsa("attacker-key");
        var forged = attackerKey.Sign(
            new Dictionary<string, object>
            {
                ["client_session_id"] = Guid.NewGuid().ToString(),
                ["payment_id"] = Guid.NewGuid().ToString(),
                ["authorization_status"] = "AUTHORIZED",
                ["client_session_status"] = "SUBMITTED",
            }
        );
        await using var purse = await RedirectingPurseAsync(302);
        await using var facade = new LoopbackFacade(purse.BaseAddress);

        var error = await FacadeHarness.ThrowsAsync<PurseRedirectionDataException>(() =>
            facade.Client.Redirection.VerifyAsync(forged)
        );

        Assert.That(error.Reason, Is.EqualTo(RedirectionFailure.KeysUnavailable));
        Assert.That(_elsewhere.Received, Is.Empty);
    }

    [Test]
    public async Task A_webhook_refetch_answered_with_a_redirect_is_not_taken_as_authoritative()
    {
        await using var purse = await RedirectingPurseAsync(302);
        await using var facade = new LoopbackFacade(purse.BaseAddress);

        var error = await FacadeHarness.ThrowsAsync<PurseHttpRedirectException>(() =>
            facade.Client.Webhooks.ParseAndVerifyAsync(FacadeSamples.PaymentJson)
        );

        AssertRefused(error, 302);
    }

    [Test]
    public async Task A_request_a_handler_of_the_application_points_at_another_host_gets_no_credentials()
    {
        await using var purse = await RedirectingPurseAsync(307);
        var services = new ServiceCollection();
        // A handler the application put in front of every client, that sends requests elsewhere (as one that
        // follows redirects itself would): the client's credentials must not go with them.
        services.ConfigureHttpClientDefaults(http =>
            http.AddHttpMessageHandler(() => new PointingAt(_elsewhere.BaseAddress))
        );
        services.AddPurseClient(options =>
        {
            FacadeHarness.UseTestClient(options, purse.BaseAddress);
            // The token endpoint is not pointed elsewhere by the handler below (it only re-points API paths).
        });
        await using var provider = services.BuildServiceProvider();

        var error = await FacadeHarness.ThrowsAsync<PurseHttpRedirectException>(() =>
            provider.GetRequiredService<IPurseClient>().Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.Multiple(() =>
        {
            Assert.That(_elsewhere.Received, Is.Empty, "no token, no API key reached the other host");
            Assert.That(error.Message, Does.Contain("the credentials were not sent there"));
            Assert.That(error.LocationHost, Is.EqualTo("127.0.0.2"));
        });
    }

    [TestCase("wrapped in a DelegatingHandler")]
    [TestCase("configured after AddPurseClient")]
    public async Task An_application_primary_handler_never_follows_a_redirect(string how)
    {
        await using var elsewhere = await LoopbackServer.StartAsync("127.0.0.2", c =>
            c.Response.WriteAsync(FacadeSamples.PaymentJson)
        );
        await using var purse = await LoopbackServer.StartAsync("127.0.0.1", c =>
        {
            if (c.Request.Path == "/oauth/token")
            {
                c.Response.ContentType = "application/json";
                return c.Response.WriteAsync(LoopbackFacade.TokenJson());
            }
            c.Response.StatusCode = 307;
            c.Response.Headers.Location = new Uri(
                elsewhere.BaseAddress,
                c.Request.Path.Value!.TrimStart('/')
            ).AbsoluteUri;
            return Task.CompletedTask;
        });
        var services = new ServiceCollection();
        void Configure(PurseClientOptions o)
        {
            o.ClientId = SecretLeakGuard.ClientId;
            o.ClientSecret = SecretLeakGuard.ClientSecret;
            o.ApiKey = SecretLeakGuard.ApiKey;
            o.BaseAddress = purse.BaseAddress;
        }
        if (how == "wrapped in a DelegatingHandler")
        {
            services.AddPurseClient(Configure, h =>
                h.ConfigurePrimaryHttpMessageHandler(() => new PassThrough { InnerHandler = new HttpClientHandler() })
            );
        }
        else
        {
            services.AddPurseClient(Configure);
            services
                .AddHttpClient(PurseHttpClients.Api)
                .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler());
        }
        await using var provider = services.BuildServiceProvider();

        await FacadeHarness.ThrowsAsync<PurseHttpRedirectException>(() =>
            provider.GetRequiredService<IPurseClient>().Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(elsewhere.Received, Is.Empty, "nothing, and no API key, reached the other host");
    }

    /// <summary>Re-points API requests (not the token endpoint's) at another host.</summary>
    private sealed class PointingAt(Uri elsewhere) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            if (request.RequestUri!.AbsolutePath.StartsWith("/payment/", StringComparison.Ordinal))
            {
                request.RequestUri = new Uri(elsewhere, request.RequestUri.PathAndQuery);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class PassThrough : DelegatingHandler;

    private void AssertRefused(PurseHttpRedirectException error, int status)
    {
        Assert.Multiple(() =>
        {
            Assert.That((int?)error.StatusCode, Is.EqualTo(status));
            Assert.That(
                error.Message,
                Does.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .And.Contain("127.0.0.2")
            );
            Assert.That(error.LocationHost, Is.EqualTo("127.0.0.2"));
            Assert.That(_elsewhere.Received, Is.Empty, "nothing, and no API key, reached the other host");
        });
    }

    /// <summary>Purse on 127.0.0.1: a token (unless redirected too), and a redirect to the other host for every API
    /// path.</summary>
    private Task<LoopbackServer> RedirectingPurseAsync(int status, bool redirectTokenEndpoint = false) =>
        LoopbackServer.StartAsync("127.0.0.1", context =>
        {
            if (context.Request.Path == "/oauth/token" && !redirectTokenEndpoint)
            {
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync(LoopbackFacade.TokenJson());
            }
            context.Response.StatusCode = status;
            context.Response.Headers.Location = new Uri(
                _elsewhere.BaseAddress,
                context.Request.Path.Value!.TrimStart('/')
            ).AbsoluteUri;
            return Task.CompletedTask;
        });
}
