using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Purse.Models;

namespace Purse.Testing.Tests;

/// <summary>
/// <c>services.AddPurseClient(emulator)</c>: the facade, built by DI, talks to the emulator with
/// its credentials, in-process or over a loopback socket.
/// </summary>
internal sealed class DependencyInjectionTests
{
    private PurseEmulator _emulator = null!;

    [SetUp]
    public void CreateEmulator() => _emulator = new PurseEmulator();

    [TearDown]
    public async Task DisposeEmulator() => await _emulator.DisposeAsync();

    [Test]
    public async Task In_process_the_facade_creates_a_payment_the_emulator_holds()
    {
        var requests = new List<string>();
        await using var provider = new ServiceCollection()
            .AddPurseClient(_emulator, configureHttp: http => http.AddHttpMessageHandler(() => new Recorder(requests)))
            .BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();

        var payment = await purse.Payments.CreateAsync(PaymentRequest(), CancellationToken.None);

        var held = _emulator.FindPayment(payment.Id);
        Assert.That(held, Is.Not.Null, "the emulator holds the payment the facade created");
        Assert.Multiple(() =>
        {
            Assert.That(held!.EntityId, Is.EqualTo(_emulator.EntityId), "the entity comes from the emulator");
            Assert.That(held.Amount, Is.EqualTo(4299));
            Assert.That(
                requests,
                Is.EqualTo(
                    new[]
                    {
                        $"POST {PurseEmulator.InProcessBaseAddress}oauth/token",
                        $"POST {PurseEmulator.InProcessBaseAddress}payment/v2/payments Bearer key={_emulator.ApiKey}",
                    }
                ),
                "a token from the emulator, then the call with its bearer and API key, no socket"
            );
        });
    }

    [Test]
    public async Task Options_given_after_the_emulator_win()
    {
        await using var provider = new ServiceCollection()
            .AddPurseClient(_emulator, options => options.ApiKey = "not-the-emulator-key")
            .BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();

        var error = Assert.ThrowsAsync<PurseAuthenticationException>(() =>
            purse.Payments.CreateAsync(PaymentRequest(), CancellationToken.None)
        );

        Assert.That(
            error!.StatusCode,
            Is.EqualTo(System.Net.HttpStatusCode.Unauthorized),
            "the emulator refuses the overridden API key"
        );
        Assert.That(
            provider.GetRequiredService<IOptions<PurseClientOptions>>().Value.ClientSecret,
            Is.EqualTo(_emulator.ClientSecret)
        );
    }

    [Test]
    public async Task Over_the_loopback_server_the_calls_travel_on_a_socket()
    {
        var server = await _emulator.StartServerAsync(CancellationToken.None);
        await using var provider = new ServiceCollection()
            .AddPurseClient(_emulator, server.BaseAddress, options => options.Resilience.MaxRetryAttempts = 0)
            .BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();

        var session = await purse.ClientSessions.CreateAsync(
            new CreateClientSessionRequest
            {
                Amount = 4299,
                Currency = Currency.Eur,
                Order = new Order { Reference = "order_01", NetAmount = 4299 },
                ShopperRedirectionUrl = new Uri("https://shop.example/return"),
            },
            CancellationToken.None
        );
        Assert.That(_emulator.FindClientSession(session.Id)?.Status, Is.EqualTo(ClientSessionStatus.Created));

        await server.DisposeAsync();
        Assert.ThrowsAsync<PurseConnectionException>(
            () => purse.ClientSessions.GetAsync(session.Id, CancellationToken.None),
            "with the server stopped the same client has nowhere to go: it was using the socket"
        );
    }

    [Test]
    public async Task Two_named_clients_each_reach_their_own_emulator_with_its_entity()
    {
        await using var germany = new PurseEmulator();
        var requests = new List<string>();
        await using var provider = new ServiceCollection()
            .AddPurseClient("shop_fr", _emulator, configureHttp: http =>
                http.AddHttpMessageHandler(() => new Recorder(requests))
            )
            .AddPurseClient("shop_de", germany)
            .BuildServiceProvider();
        var factory = provider.GetRequiredService<IPurseClientFactory>();

        var frenchClient = provider.GetRequiredKeyedService<IPurseClient>("shop_fr");
        var french = await frenchClient.Payments.CreateAsync(PaymentRequest(), CancellationToken.None);
        var german = await factory.GetClient("shop_de").Payments.CreateAsync(PaymentRequest(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_emulator.FindPayment(french.Id)?.EntityId, Is.EqualTo(_emulator.EntityId));
            Assert.That(germany.FindPayment(german.Id)?.EntityId, Is.EqualTo(germany.EntityId));
            Assert.That(_emulator.FindPayment(german.Id), Is.Null, "each entity's payments stay with its emulator");
            Assert.That(germany.FindPayment(french.Id), Is.Null);
            Assert.That(
                requests,
                Has.Count.EqualTo(2),
                "configureHttp applies to its own client only (token + one call)"
            );
            Assert.That(requests[1], Does.EndWith($"key={_emulator.ApiKey}"));
        });
        Assert.That(provider.GetService<IPurseClient>(), Is.Null, "no default client was registered");
    }

    [Test]
    public async Task A_named_client_over_the_server_uses_the_socket_and_its_options()
    {
        var server = await _emulator.StartServerAsync(CancellationToken.None);
        await using var provider = new ServiceCollection()
            .AddPurseClient("shop_fr", _emulator, server.BaseAddress, options =>
                options.Resilience.MaxRetryAttempts = 0
            )
            .BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClientFactory>().GetClient("shop_fr");

        var payment = await purse.Payments.CreateAsync(PaymentRequest(), CancellationToken.None);
        Assert.That(_emulator.FindPayment(payment.Id), Is.Not.Null);
        var options = provider.GetRequiredService<IOptionsMonitor<PurseClientOptions>>().Get("shop_fr");
        Assert.That((options.BaseAddress, options.Resilience.MaxRetryAttempts), Is.EqualTo((server.BaseAddress, 0)));

        await server.DisposeAsync();
        Assert.ThrowsAsync<PurseConnectionException>(
            () => purse.Payments.GetAsync(payment.Id, CancellationToken.None),
            "with the server stopped the client has nowhere to go: it was using the socket"
        );
    }

    [Test]
    public async Task A_named_client_with_the_default_one_keeps_each_emulator_s_credentials()
    {
        await using var other = new PurseEmulator();
        await using var provider = new ServiceCollection()
            .AddPurseClient(_emulator)
            .AddPurseClient("marketplace", other)
            .BuildServiceProvider();

        var defaultPayments = provider.GetRequiredService<IPurseClient>().Payments;
        var namedPayments = provider.GetRequiredKeyedService<IPayments>("marketplace");

        var byDefault = await defaultPayments.CreateAsync(PaymentRequest(), CancellationToken.None);
        var named = await namedPayments.CreateAsync(PaymentRequest(), CancellationToken.None);

        Assert.That(_emulator.FindPayment(byDefault.Id), Is.Not.Null);
        Assert.That(other.FindPayment(named.Id), Is.Not.Null);
    }

    private static CreatePaymentRequest PaymentRequest() =>
        new()
        {
            Amount = 4299,
            Currency = Currency.Eur,
            Order = new Order
            {
                Reference = "order_01",
                NetAmount = 4299,
                TaxAmount = 716,
            },
        };

    /// <summary>Records each request as the primary handler gets it (method, URL, auth scheme, API key).</summary>
    private sealed class Recorder(List<string> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            var line = $"{request.Method} {request.RequestUri}";
            if (request.Headers.Authorization is AuthenticationHeaderValue { Scheme: "Bearer" })
            {
                line += " Bearer key=" + string.Join(",", request.Headers.GetValues("x-api-key"));
            }
            lock (requests)
            {
                requests.Add(line);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
