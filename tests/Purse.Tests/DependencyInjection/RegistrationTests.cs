using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;
using static Purse.Tests.Support.MarkedAnswers;

namespace Purse.Tests.DependencyInjection;

public sealed class RegistrationTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    private static PurseClientOptions Resolve(IServiceCollection services) =>
        services.BuildServiceProvider().GetRequiredService<IOptions<PurseClientOptions>>().Value;

    [Test]
    public void Options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Purse:ClientId"] = "client",
                    ["Purse:ClientSecret"] = SecretLeakGuard.ClientSecret,
                    ["Purse:ApiKey"] = SecretLeakGuard.ApiKey,
                    ["Purse:EntityId"] = FacadeHarness.EntityId.ToString(),
                    ["Purse:Environment"] = "Production",
                    ["Purse:TokenRefreshMargin"] = "00:02:00",
                    ["Purse:Resilience:MaxRetryAttempts"] = "5",
                    ["Purse:Redirection:ClockSkew"] = "00:00:30",
                }
            )
            .Build();
        var services = new ServiceCollection().AddPurseClient(configuration.GetSection("Purse"));

        var options = Resolve(services);

        Assert.Multiple(() =>
        {
            Assert.That(options.ClientId, Is.EqualTo("client"));
            Assert.That(options.EntityId, Is.EqualTo(FacadeHarness.EntityId));
            Assert.That(options.Environment, Is.EqualTo(PurseEnvironment.Production));
            Assert.That(options.EffectiveBaseAddress, Is.EqualTo(new Uri("https://api.purse-live.com/")));
            Assert.That(options.EffectiveTokenEndpoint, Is.EqualTo(new Uri("https://api.purse-live.com/oauth/token")));
            Assert.That(options.TokenRefreshMargin, Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(options.Resilience.MaxRetryAttempts, Is.EqualTo(5));
            Assert.That(options.Redirection.ClockSkew, Is.EqualTo(TimeSpan.FromSeconds(30)));
        });
    }

    /// <summary>
    /// Issue 22: a value of the wrong type in configuration gave the configuration binder's generic error
    /// ("Failed to convert configuration value ... to type 'System.Nullable`1[System.Guid]'"), not the client's.
    /// </summary>
    [Test]
    public void A_configuration_value_of_the_wrong_type_is_named_in_the_clients_error_with_every_other_one()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Purse:Clients:shop_fr:ClientId"] = "client",
                    ["Purse:Clients:shop_fr:ClientSecret"] = SecretLeakGuard.ClientSecret,
                    ["Purse:Clients:shop_fr:ApiKey"] = SecretLeakGuard.ApiKey,
                    ["Purse:Clients:shop_fr:EntityId"] = "shop-fr-entity",
                    ["Purse:Clients:shop_fr:Environment"] = "Live",
                    ["Purse:Clients:shop_fr:Resilience:AttemptTimeout"] = "ten seconds",
                }
            )
            .Build();
        var services = new ServiceCollection().AddPurseClient(
            "shop_fr",
            configuration.GetSection("Purse:Clients:shop_fr")
        );
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptionsMonitor<PurseClientOptions>>().Get("shop_fr")
        )!;
        SecretLeakGuard.Record(error);

        // The values are not repeated: a secret pasted under the wrong key must not reach a log.
        Assert.That(
            error.Failures,
            Is.EquivalentTo(
                new[]
                {
                    "Purse client 'shop_fr': Purse option 'EntityId' (configuration key "
                        + "'Purse:Clients:shop_fr:EntityId') is not a GUID: set the ENTITY_ID Purse gave you.",
                    "Purse client 'shop_fr': Purse option 'Environment' (configuration key "
                        + "'Purse:Clients:shop_fr:Environment') must be Sandbox or Production.",
                    "Purse client 'shop_fr': Purse option 'Resilience:AttemptTimeout' (configuration key "
                        + "'Purse:Clients:shop_fr:Resilience:AttemptTimeout') is not a duration (hh:mm:ss, e.g. "
                        + "00:00:30).",
                }
            )
        );
    }

    [Test]
    public void The_sandbox_is_the_default_environment()
    {
        var options = Resolve(
            new ServiceCollection().AddPurseClient(o =>
            {
                o.ClientId = "c";
                o.ClientSecret = "s";
                o.ApiKey = "k";
            })
        );

        Assert.That(options.EffectiveBaseAddress, Is.EqualTo(new Uri("https://api.purse-sandbox.com/")));
        Assert.That(options.EffectiveTokenEndpoint, Is.EqualTo(new Uri("https://api.purse-sandbox.com/oauth/token")));
    }

    [Test]
    public void Missing_settings_are_all_named_in_one_error_without_any_secret()
    {
        var services = new ServiceCollection().AddPurseClient(o => o.ApiKey = "  ");

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(services))!;
        SecretLeakGuard.Record(error);

        Assert.That(
            error.Failures,
            Is.EquivalentTo(
                new[]
                {
                    "Purse option 'ClientId' is required.",
                    "Purse option 'ClientSecret' is required.",
                    "Purse option 'ApiKey' is required.",
                }
            )
        );
    }

    [TestCase("http://api.purse-sandbox.com/", "must use HTTPS")]
    [TestCase("ftp://localhost/", "must use HTTPS")]
    [TestCase("https://api.purse.test/?key=1", "must not carry a query")]
    public void An_insecure_or_odd_base_address_is_refused(string address, string message)
    {
        var services = new ServiceCollection().AddPurseClient(o =>
        {
            o.ClientId = "c";
            o.ClientSecret = SecretLeakGuard.ClientSecret;
            o.ApiKey = SecretLeakGuard.ApiKey;
            o.BaseAddress = new Uri(address);
        });

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(services))!;
        SecretLeakGuard.Record(error);

        Assert.That(error.Message, Does.Contain("'BaseAddress'").And.Contain(message));
    }

    [Test]
    public void Invalid_timings_and_token_endpoint_are_named()
    {
        var services = new ServiceCollection().AddPurseClient(o =>
        {
            o.ClientId = "c";
            o.ClientSecret = "s";
            o.ApiKey = "k";
            o.EntityId = Guid.Empty;
            o.TokenEndpoint = new Uri("http://auth.purse.test/token");
            o.TokenRequestTimeout = TimeSpan.Zero;
            o.Resilience.MaxRetryAttempts = -1;
            o.Resilience.AttemptTimeout = TimeSpan.FromMinutes(5);
        });

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(services))!;

        Assert.That(
            error.Failures.Select(f => f.Split('\'')[1]),
            Is.EquivalentTo(
                new[]
                {
                    "EntityId",
                    "TokenEndpoint",
                    "TokenRequestTimeout",
                    "Resilience:MaxRetryAttempts",
                    "Resilience:AttemptTimeout",
                }
            )
        );
    }

    [TestCase("RetryBaseDelay")]
    [TestCase("MaxRetryDelay")]
    public async Task A_retry_delay_over_a_day_is_refused_at_validation_naming_the_setting(string setting)
    {
        using var harness = new FacadeHarness(o =>
        {
            if (setting == "RetryBaseDelay")
            {
                // Doubled and jittered on the second retry, this no longer fits a TimeSpan.
                o.Resilience.RetryBaseDelay = TimeSpan.FromDays(5_000_000);
            }
            else
            {
                o.Resilience.MaxRetryDelay = TimeSpan.FromDays(2);
            }
        });
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => Problem(HttpStatusCode.ServiceUnavailable));

        var error = await FacadeHarness.ThrowsAsync<OptionsValidationException>(() =>
            harness.AdvancingTimeAsync(
                () => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None),
                TimeSpan.FromMinutes(1)
            )
        );

        Assert.That(error.Message, Does.Contain($"Resilience:{setting}"));
    }

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase(1024L)]
    [TestCase(long.MaxValue)]
    public void A_maximum_response_size_out_of_range_is_named(long size)
    {
        var services = new ServiceCollection().AddPurseClient(o =>
        {
            o.ClientId = "c";
            o.ClientSecret = "s";
            o.ApiKey = "k";
            o.MaxResponseSize = size;
        });

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(services))!;

        Assert.That(
            error.Failures,
            Is.EqualTo(
                new[] { $"Purse option 'MaxResponseSize' must be between 65536 and 1073741824 bytes (is {size})." }
            )
        );
    }

    [TestCase("http://localhost:5080")]
    [TestCase("http://127.0.0.1:5080/")]
    [TestCase("http://[::1]:5080/")]
    public async Task Plain_http_is_allowed_on_loopback_and_a_missing_trailing_slash_is_added(string address)
    {
        using var mock = new MockHttpMessageHandler();
        var root = address.TrimEnd('/') + "/";
        mock.When(HttpMethod.Post, root + "oauth/token")
            .Respond("application/json", """{"access_token":"local-token","expires_in":3600}""");
        mock.When(HttpMethod.Get, root + "payment/v2/payments/" + FacadeSamples.PaymentId)
            .Respond("application/json", FacadeSamples.PaymentJson);
        var services = new ServiceCollection().AddPurseClient(
            o =>
            {
                o.ClientId = "c";
                o.ClientSecret = "s";
                o.ApiKey = "k";
                o.BaseAddress = new Uri(address);
            },
            http => http.ConfigurePrimaryHttpMessageHandler(() => mock)
        );
        await using var provider = services.BuildServiceProvider();

        var payment = await provider.GetRequiredService<IPurseClient>().Payments.GetAsync(FacadeSamples.PaymentId);

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
    }

    [Test]
    public void The_client_and_its_parts_resolve_as_singletons()
    {
        using var harness = new FacadeHarness();
        var client = harness.Client;

        Assert.Multiple(() =>
        {
            Assert.That(harness.Services.GetRequiredService<IPurseClient>(), Is.SameAs(client));
            Assert.That(harness.Services.GetRequiredService<IPayments>(), Is.SameAs(client.Payments));
            Assert.That(harness.Services.GetRequiredService<IClientSessions>(), Is.SameAs(client.ClientSessions));
            Assert.That(
                client.Redirection,
                Is.InstanceOf<DeferredRedirectionVerifier>(),
                "the verifier, created on first use"
            );
            Assert.That(client.Webhooks, Is.InstanceOf<PurseWebhooks>());
        });
    }

    [Test]
    public void Registering_twice_is_refused()
    {
        var services = new ServiceCollection().AddPurseClient(o => o.ClientId = "c");

        Assert.That(
            () => services.AddPurseClient(o => o.ClientId = "c"),
            Throws.InvalidOperationException.With.Message.Contains("already")
        );
    }

    [Test]
    public async Task A_token_cache_registered_by_the_caller_replaces_the_in_memory_one()
    {
        var cache = new RecordingCache();
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, "*").Respond("application/json", FacadeSamples.PaymentJson);
        var tokenRequest = mock.When(HttpMethod.Post, "*");
        tokenRequest.Respond(HttpStatusCode.InternalServerError);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(FacadeHarness.Start))
            .AddSingleton<IPurseTokenCache>(cache)
            .AddPurseClient(
                o =>
                {
                    o.ClientId = "c";
                    o.ClientSecret = "s";
                    o.ApiKey = "k";
                    o.BaseAddress = FacadeHarness.BaseAddress;
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => mock)
            );
        cache.Token = new PurseAccessToken("shared-token", FacadeHarness.Start, FacadeHarness.Start.AddHours(1));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IPurseClient>().Payments.GetAsync(FacadeSamples.PaymentId);

        Assert.That(cache.Reads, Is.GreaterThan(0));
        Assert.That(mock.GetMatchCount(tokenRequest), Is.Zero, "the shared token was used: no token request");
    }

    [Test]
    public void A_token_never_shows_its_value_in_ToString()
    {
        var token = new PurseAccessToken(
            SecretLeakGuard.Token(99),
            FacadeHarness.Start,
            FacadeHarness.Start.AddHours(1)
        );

        Assert.That(token.ToString(), Does.Not.Contain(SecretLeakGuard.TokenMarker).And.Contain("expires"));
    }

    [TestCase("Resilience:AttemptTimeout", "00:00:00.005")]
    [TestCase("Resilience:TotalTimeout", "2.00:00:00")]
    [TestCase("TokenRequestTimeout", "60.00:00:00")]
    public void Timeouts_the_pipeline_cannot_run_are_refused_by_validation(string option, string value)
    {
        var services = new ServiceCollection().AddPurseClient(o =>
        {
            o.ClientId = "c";
            o.ClientSecret = "s";
            o.ApiKey = "k";
            var span = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            switch (option)
            {
                case "Resilience:AttemptTimeout":
                    o.Resilience.AttemptTimeout = span;
                    break;
                case "Resilience:TotalTimeout":
                    o.Resilience.TotalTimeout = span;
                    break;
                default:
                    o.TokenRequestTimeout = span;
                    break;
            }
        });

        var error = Assert.Throws<OptionsValidationException>(() =>
            _ = services.BuildServiceProvider().GetRequiredService<IOptions<PurseClientOptions>>().Value
        )!;

        Assert.That(error.Failures.Single(), Does.Contain($"'{option}'"));
    }

    [Test]
    public async Task Invalid_options_fail_at_start_and_at_first_use_not_when_the_client_is_resolved()
    {
        await using var provider = new ServiceCollection()
            .AddPurseClient(o => o.ApiKey = SecretLeakGuard.ApiKey)
            .BuildServiceProvider();

        IPurseClient? client = null;
        Assert.That(
            () => client = provider.GetRequiredService<IPurseClient>(),
            Throws.Nothing,
            "resolving does not validate"
        );
        Assert.That(
            () => provider.GetRequiredService<IStartupValidator>().Validate(),
            Throws.InstanceOf<OptionsValidationException>(),
            "host start does"
        );
        var error = Assert.ThrowsAsync<OptionsValidationException>(() =>
            client!.Payments.GetAsync(FacadeSamples.PaymentId)
        )!;
        SecretLeakGuard.Record(error);
        Assert.That(error.Failures, Does.Contain("Purse option 'ClientId' is required."));
        Assert.That(() => client!.Redirection.VerifyAsync("a.b.c"), Throws.InstanceOf<Exception>(), "the verifier too");
    }

    private sealed class RecordingCache : IPurseTokenCache
    {
        public PurseAccessToken? Token { get; set; }

        public int Reads { get; private set; }

        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken)
        {
            Reads++;
            return new(Token);
        }

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            Token = token;
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            if (Token == token)
            {
                Token = null;
            }
            return ValueTask.CompletedTask;
        }
    }
}
