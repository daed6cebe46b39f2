using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Polly.Telemetry;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.DependencyInjection;

/// <summary>
/// Several Purse entities side by side: <c>AddPurseClient("shop-fr", ...)</c> beside the default client,
/// each with its own credentials, token, token cache and HTTP clients.
/// </summary>
public sealed class NamedClientTests
{
    private static readonly Uri Purse = new("https://api.purse.test/");
    private static readonly string PaymentUrl = Purse + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [Test]
    public async Task Two_entities_called_2x200_times_concurrently_twice_never_see_each_others_token_or_key()
    {
        // Two Purse doubles at the same addresses, each knowing one entity's credentials: a request of
        // one entity reaching the other's handler, or carrying its token or key, is a crossover.
        using var fr = new EntityDouble("fr");
        using var de = new EntityDouble("de");
        var services = new ServiceCollection()
            .AddPurseClient("shop-fr", fr.Configure, http => http.ConfigurePrimaryHttpMessageHandler(() => fr.Handler))
            .AddPurseClient("shop-de", de.Configure, http => http.ConfigurePrimaryHttpMessageHandler(() => de.Handler));
        await using var provider = services.BuildServiceProvider();
        var clients = new[]
        {
            provider.GetRequiredKeyedService<IPurseClient>("shop-fr"),
            provider.GetRequiredKeyedService<IPurseClient>("shop-de"),
        };

        // A cold wave (both tokens requested at once) and a warm one (both read from their caches).
        var payments = new List<Models.Payment>();
        for (var wave = 0; wave < 2; wave++)
        {
            var calls = Enumerable
                .Range(0, 400)
                .Select(i => Task.Run(() => clients[i % 2].Payments.GetAsync(FacadeSamples.PaymentId)));
            payments.AddRange(await Task.WhenAll(calls));
        }

        Assert.Multiple(() =>
        {
            Assert.That(payments.Select(p => p.Id), Is.All.EqualTo(FacadeSamples.PaymentId));
            foreach (var entity in new[] { fr, de })
            {
                Assert.That(entity.Mismatches, Is.Empty, $"{entity.Tag}: requests with another entity's credentials");
                Assert.That(entity.ApiRequests, Is.EqualTo(400), $"{entity.Tag}: API requests");
                Assert.That(entity.TokenRequests, Is.EqualTo(1), $"{entity.Tag}: one token for all its calls");
            }
        });
    }

    [Test]
    public async Task A_named_client_resolves_by_key_and_from_the_factory_beside_the_default_one()
    {
        using var fr = new EntityDouble("fr");
        using var main = new EntityDouble("main");
        var services = new ServiceCollection()
            .AddPurseClient(main.Configure, http => http.ConfigurePrimaryHttpMessageHandler(() => main.Handler))
            .AddPurseClient("shop-fr", fr.Configure, http => http.ConfigurePrimaryHttpMessageHandler(() => fr.Handler));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IPurseClientFactory>();
        var named = provider.GetRequiredKeyedService<IPurseClient>("shop-fr");

        Assert.Multiple(() =>
        {
            Assert.That(factory.GetClient("shop-fr"), Is.SameAs(named));
            Assert.That(factory.GetClient(Options.DefaultName), Is.SameAs(provider.GetRequiredService<IPurseClient>()));
            Assert.That(named, Is.Not.SameAs(provider.GetRequiredService<IPurseClient>()));
            Assert.That(provider.GetRequiredKeyedService<IPayments>("shop-fr"), Is.SameAs(named.Payments));
            Assert.That(provider.GetRequiredKeyedService<IClientSessions>("shop-fr"), Is.SameAs(named.ClientSessions));
            Assert.That(provider.GetRequiredKeyedService<IPaymentLinks>("shop-fr"), Is.SameAs(named.PaymentLinks));
            Assert.That(
                provider.GetRequiredKeyedService<IEligibleSolutions>("shop-fr"),
                Is.SameAs(named.EligibleSolutions)
            );
        });

        await factory.GetClient("shop-fr").Payments.GetAsync(FacadeSamples.PaymentId);
        await factory.GetClient("").Payments.GetAsync(FacadeSamples.PaymentId);

        Assert.That(
            (fr.ApiRequests, main.ApiRequests, fr.Mismatches.Count + main.Mismatches.Count),
            Is.EqualTo((1, 1, 0))
        );
    }

    [Test]
    public void An_unknown_name_is_refused_naming_the_registered_ones()
    {
        var services = new ServiceCollection()
            .AddPurseClient(o => o.ClientId = "c")
            .AddPurseClient("shop-fr", o => o.ClientId = "c")
            .AddPurseClient("shop-de", o => o.ClientId = "c");
        using var provider = services.BuildServiceProvider();

        Assert.That(
            () => provider.GetRequiredService<IPurseClientFactory>().GetClient("shop-FR"),
            Throws.InvalidOperationException.With.Message.EqualTo(
                "No Purse client is registered as 'shop-FR'. Registered: the default client (\"\"), 'shop-fr', "
                    + "'shop-de'. Register it with services.AddPurseClient(\"name\", ...), or the default one with "
                    + "services.AddPurseClient(...)."
            )
        );
    }

    [Test]
    public void Without_a_default_client_the_factory_says_so_for_the_default_name()
    {
        using var provider = new ServiceCollection()
            .AddPurseClient("shop-fr", o => o.ClientId = "c")
            .BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(
                provider.GetService<IPurseClient>(),
                Is.Null,
                "a named client does not register the default one"
            );
            Assert.That(
                () => provider.GetRequiredService<IPurseClientFactory>().GetClient(""),
                Throws.InvalidOperationException.With.Message.Contains("Registered: 'shop-fr'.")
            );
        });
    }

    [Test]
    public void The_same_name_twice_is_refused_other_names_and_the_default_are_not()
    {
        var services = new ServiceCollection()
            .AddPurseClient(o => o.ClientId = "c")
            .AddPurseClient("shop-fr", o => o.ClientId = "c")
            .AddPurseClient("shop-de", new ConfigurationBuilder().Build());

        Assert.Multiple(() =>
        {
            Assert.That(
                () => services.AddPurseClient("shop-fr", o => o.ClientId = "c"),
                Throws.InvalidOperationException.With.Message.EqualTo(
                    "AddPurseClient(\"shop-fr\", ...) was already called on this service collection; each Purse "
                        + "client name is registered once."
                )
            );
            Assert.That(
                () => services.AddPurseClient("shop-de", o => o.ClientId = "c"),
                Throws.InvalidOperationException.With.Message.Contains("\"shop-de\"")
            );
            Assert.That(
                () => services.AddPurseClient(o => o.ClientId = "c"),
                Throws.InvalidOperationException.With.Message.Contains("already")
            );
            Assert.That(
                () => services.AddPurseClient("  ", o => o.ClientId = "c"),
                Throws.ArgumentException.With.Message.Contains("cannot be empty")
            );
            Assert.That(() => services.AddPurseClient("shop-it", o => o.ClientId = "c"), Throws.Nothing);
        });
    }

    [Test]
    public async Task Each_clients_invalid_options_are_reported_at_start_and_first_use_naming_the_client()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Purse:Clients:shop-de:ClientId"] = "de",
                    ["Purse:Clients:shop-de:ClientSecret"] = SecretLeakGuard.ClientSecret,
                    ["Purse:Clients:shop-de:BaseAddress"] = "http://api.purse.test/",
                }
            )
            .Build();
        var services = new ServiceCollection()
            .AddPurseClient("shop-fr", o =>
            {
                o.ClientSecret = SecretLeakGuard.ClientSecret;
                o.ApiKey = SecretLeakGuard.ApiKey;
            })
            .AddPurseClient("shop-de", configuration.GetSection("Purse:Clients:shop-de"));
        await using var provider = services.BuildServiceProvider();

        var atStart = Assert.Throws<AggregateException>(() =>
            provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate()
        )!;
        var fr = await FacadeHarness.ThrowsAsync<OptionsValidationException>(async () =>
            await provider.GetRequiredKeyedService<IPurseClient>("shop-fr").Payments.GetAsync(FacadeSamples.PaymentId)
        );
        var de = await FacadeHarness.ThrowsAsync<OptionsValidationException>(async () =>
            await provider
                .GetRequiredService<IPurseClientFactory>()
                .GetClient("shop-de")
                .Payments.GetAsync(FacadeSamples.PaymentId)
        );
        SecretLeakGuard.Record(atStart);

        Assert.Multiple(() =>
        {
            Assert.That(
                atStart.InnerExceptions.OfType<OptionsValidationException>().Select(e => e.OptionsName),
                Is.EquivalentTo(new[] { "shop-fr", "shop-de" })
            );
            Assert.That(
                fr.Failures,
                Is.EqualTo(new[] { "Purse client 'shop-fr': Purse option 'ClientId' is required." })
            );
            Assert.That(
                de.Failures,
                Is.EqualTo(
                    new[]
                    {
                        "Purse client 'shop-de': Purse option 'ApiKey' is required.",
                        "Purse client 'shop-de': Purse option 'BaseAddress' must use HTTPS; plain HTTP is allowed "
                            + "only for loopback addresses (is 'http://api.purse.test').",
                    }
                )
            );
        });
    }

    [Test]
    public async Task A_named_client_uses_the_token_cache_registered_for_its_name_never_the_default_clients()
    {
        using var fr = new EntityDouble("fr");
        using var de = new EntityDouble("de");
        var shared = new PurseAccessToken(
            "token-of-the-default-client",
            DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow.AddHours(1)
        );
        var frCache = new SingleTokenCache();
        var services = new ServiceCollection()
            .AddSingleton<IPurseTokenCache>(new SingleTokenCache { Token = shared })
            .AddKeyedSingleton<IPurseTokenCache>("shop-fr", frCache)
            .AddPurseClient("shop-fr", fr.Configure, http => http.ConfigurePrimaryHttpMessageHandler(() => fr.Handler))
            .AddPurseClient("shop-de", de.Configure, http => http.ConfigurePrimaryHttpMessageHandler(() => de.Handler));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IPayments>("shop-fr").GetAsync(FacadeSamples.PaymentId);
        await provider.GetRequiredKeyedService<IPayments>("shop-de").GetAsync(FacadeSamples.PaymentId);

        Assert.Multiple(() =>
        {
            Assert.That(frCache.Token?.Value, Is.EqualTo("token-fr-1"), "shop-fr stored its token in its keyed cache");
            Assert.That(
                (fr.TokenRequests, de.TokenRequests),
                Is.EqualTo((1, 1)),
                "neither used the default client's cached token"
            );
            Assert.That(fr.Mismatches.Concat(de.Mismatches), Is.Empty);
        });
    }

    [Test]
    public async Task A_named_client_logs_through_the_applications_logger_in_a_scope_naming_it()
    {
        using var fr = new EntityDouble("fr");
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging())
            .AddPurseClient("shop-fr", fr.Configure, http => http.ConfigurePrimaryHttpMessageHandler(() => fr.Handler));
        var provider = services.BuildServiceProvider();
        var named = provider.GetRequiredKeyedService<IPurseClient>("shop-fr");

        await named.Payments.GetAsync(FacadeSamples.PaymentId);
        var lines = provider
            .GetFakeLogCollector()
            .GetSnapshot()
            .Where(r => r.Category == typeof(PurseLoggingHandler).FullName)
            .Select(r => r.Message)
            .ToList();
        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(lines[0], Does.StartWith("Purse HTTP POST /oauth/token answered 200 in "));
        Assert.That(
            lines[1],
            Does.StartWith($"Purse HTTP GET /payment/v2/payments/{FacadeSamples.PaymentId} answered 200 in ")
        );
        Assert.That(
            provider
                .GetFakeLogCollector()
                .GetSnapshot()
                .Where(r => r.Category?.StartsWith("Purse", StringComparison.Ordinal) == true || r.Category == "Polly")
                .Select(r => string.Join(";", r.Scopes.Select(s => s?.ToString()))),
            Is.All.EqualTo("Purse client shop-fr"),
            "every line of the call names the client"
        );

        await provider.DisposeAsync();

        Assert.That(
            () => provider.GetKeyedService<IPurseClient>("shop-fr"),
            Throws.InstanceOf<ObjectDisposedException>()
        );
    }

    [Test]
    public async Task The_applications_http_client_defaults_reach_the_default_and_the_named_clients_alike()
    {
        using var fr = new EntityDouble("fr");
        using var main = new EntityDouble("main");
        var reached = new ConcurrentBag<string>();
        var services = new ServiceCollection();
        // A primary handler set for every HTTP client of the application (a corporate proxy would be set here): one
        // handler that sends each request to the double of the entity whose key it carries, recording the client.
        services.ConfigureHttpClientDefaults(http =>
            http.ConfigurePrimaryHttpMessageHandler(() => new Routing(reached, fr, main))
        );
        services.AddPurseClient(main.Configure).AddPurseClient("shop-fr", fr.Configure);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IPurseClient>().Payments.GetAsync(FacadeSamples.PaymentId);
        await provider.GetRequiredKeyedService<IPurseClient>("shop-fr").Payments.GetAsync(FacadeSamples.PaymentId);

        Assert.That(
            reached.Order(),
            Is.EqualTo(new[] { "fr GET", "fr POST", "main GET", "main POST" }),
            "token and API calls of both"
        );
        Assert.That(
            (fr.ApiRequests, main.ApiRequests, fr.Mismatches.Count + main.Mismatches.Count),
            Is.EqualTo((1, 1, 0))
        );
    }

    [Test]
    public async Task A_resilience_handler_of_the_applications_defaults_wraps_a_named_client_and_keeps_its_key()
    {
        var sent = new ConcurrentQueue<string?>();
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, Purse + "oauth/token")
            .Respond("application/json", """{"access_token":"token-fr-1","token_type":"Bearer","expires_in":3600}""");
        var answers = new ConcurrentQueue<HttpStatusCode>([HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created]);
        mock.When(HttpMethod.Post, PaymentUrl + "/captures")
            .Respond(request =>
            {
                sent.Enqueue(request.Headers.TryGetValues("x-idempotency-key", out var keys) ? keys.Single() : null);
                answers.TryDequeue(out var status);
                return FacadeHarness.Json(status, status == HttpStatusCode.Created ? FacadeSamples.PaymentJson : "{}");
            });
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http =>
        {
            http.ConfigurePrimaryHttpMessageHandler(() => new Unowned(mock));
            http.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));
        });
        using var fr = new EntityDouble("fr");
        services.AddPurseClient("shop-fr", fr.Configure);
        await using var provider = services.BuildServiceProvider();

        // The client sends the capture once; the application's handler sends it again after the 503.
        var payment = await provider
            .GetRequiredKeyedService<IPurseClient>("shop-fr")
            .Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(100, Models.Currency.Eur));

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
        Assert.That(sent, Has.Count.EqualTo(2).And.All.Not.Null);
        Assert.That(sent.Distinct().Count(), Is.EqualTo(1), "the re-sent request carries the same idempotency key");
    }

    [Test]
    public async Task A_named_client_reports_to_the_applications_polly_listeners()
    {
        var recorder = new Recorder();
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(_ =>
                FacadeHarness.Json(
                    HttpStatusCode.OK,
                    """{"access_token":"at-named","token_type":"Bearer","expires_in":3600}"""
                )
            );
        mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));
        var services = new ServiceCollection()
            .Configure<TelemetryOptions>(o => o.TelemetryListeners.Add(recorder))
            .AddPurseClient(
                "shop",
                o =>
                {
                    o.ClientId = "c";
                    o.ClientSecret = "s";
                    o.ApiKey = "k";
                    o.EntityId = FacadeHarness.EntityId;
                    o.BaseAddress = FacadeHarness.BaseAddress;
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => mock)
            );
        await using var provider = services.BuildServiceProvider();

        await provider
            .GetRequiredKeyedService<IPurseClient>("shop")
            .Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None);

        Assert.That(recorder.Events, Is.Not.Zero);
    }

    /// <summary>A primary handler shared by every client: routes by the API key or Basic credentials to an entity's
    /// double.</summary>
    private sealed class Routing(ConcurrentBag<string> reached, params EntityDouble[] entities) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            var key = request.Headers.TryGetValues("x-api-key", out var keys) ? keys.Single() : null;
            var basic =
                request.Headers.Authorization?.Scheme == "Basic"
                    ? Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers.Authorization.Parameter!))
                    : null;
            var entity = entities.Single(e =>
                key == $"key-{e.Tag}" || basic?.StartsWith($"client-{e.Tag}:", StringComparison.Ordinal) == true
            );
            reached.Add($"{entity.Tag} {request.Method}");
            return entity.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>One entity's Purse: issues tokens to its own credentials only and checks both headers of every API
    /// call.</summary>
    private sealed class EntityDouble : IDisposable
    {
        private readonly MockHttpMessageHandler _mock = new();
        private int _tokens;
        private int _apiRequests;

        public EntityDouble(string tag)
        {
            Tag = tag;
            Handler = new Unowned(_mock);
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"client-{tag}:secret-{tag}"));
            _mock
                .When(HttpMethod.Post, Purse + "oauth/token")
                .Respond(async request =>
                {
                    var number = Interlocked.Increment(ref _tokens);
                    var form = await request.Content!.ReadAsStringAsync();
                    if (
                        request.Headers.Authorization?.Scheme != "Basic"
                        || request.Headers.Authorization.Parameter != basic
                        || form != "grant_type=client_credentials"
                    )
                    {
                        Mismatches.Add($"token request with {request.Headers.Authorization} and '{form}'");
                        return new HttpResponseMessage(HttpStatusCode.Unauthorized);
                    }
                    // Slow enough that the concurrent callers all wait for this one request.
                    await Task.Delay(50);
                    return FacadeHarness.Json(
                        HttpStatusCode.OK,
                        $$"""{"access_token":"token-{{tag}}-{{number}}","token_type":"Bearer","expires_in":3600}"""
                    );
                });
            _mock
                .When(HttpMethod.Get, PaymentUrl)
                .Respond(request =>
                {
                    Interlocked.Increment(ref _apiRequests);
                    var keys = request.Headers.TryGetValues("x-api-key", out var values) ? values.ToList() : [];
                    var bearer = request.Headers.Authorization;
                    if (
                        keys.Count != 1
                        || keys[0] != $"key-{tag}"
                        || bearer?.Scheme != "Bearer"
                        || bearer.Parameter?.StartsWith($"token-{tag}-", StringComparison.Ordinal) != true
                    )
                    {
                        Mismatches.Add($"API request with key '{string.Join(",", keys)}' and {bearer}");
                        return new HttpResponseMessage(HttpStatusCode.Forbidden);
                    }
                    return FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson);
                });
        }

        public string Tag { get; }

        public HttpMessageHandler Handler { get; }

        public ConcurrentBag<string> Mismatches { get; } = [];

        public int TokenRequests => Volatile.Read(ref _tokens);

        public int ApiRequests => Volatile.Read(ref _apiRequests);

        public void Configure(PurseClientOptions options)
        {
            options.ClientId = $"client-{Tag}";
            options.ClientSecret = $"secret-{Tag}";
            options.ApiKey = $"key-{Tag}";
            options.EntityId = Guid.NewGuid();
            options.BaseAddress = Purse;
        }

        public void Dispose() => _mock.Dispose();

        /// <summary>Answers a request as this entity's Purse would (through a handler of the test's own).</summary>
        public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            new HttpMessageInvoker(_mock, disposeHandler: false).SendAsync(request, cancellationToken);
    }

    // The test owns the mock: the factory must not dispose it when it recycles handlers.
    private sealed class Unowned(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing) { }
    }

    private sealed class SingleTokenCache : IPurseTokenCache
    {
        public PurseAccessToken? Token { get; set; }

        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) => new(Token);

        public ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
        {
            Token = token;
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }

    private sealed class Recorder : TelemetryListener
    {
        private int _events;

        public int Events => Volatile.Read(ref _events);

        public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args) =>
            Interlocked.Increment(ref _events);
    }
}
