// What a merchant writes, built against the packed packages only: the Purse client registered
// against the in-process emulator, one payment flow end to end. Exit code 0 and the last line
// "consumer flow: OK ..." mean the packages work; anything else fails build/check-package.
using Microsoft.Extensions.DependencyInjection;
using Purse;
using Purse.Models;
using Purse.Testing;

using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
var ct = timeout.Token;

await using var emulator = new PurseEmulator();
var services = new ServiceCollection();
services.AddPurseClient(
    options =>
    {
        options.ClientId = emulator.ClientId;
        options.ClientSecret = emulator.ClientSecret;
        options.ApiKey = emulator.ApiKey;
        options.EntityId = emulator.EntityId;
        options.BaseAddress = emulator.BaseAddress;
    },
    http => http.ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler)
);

// Purse.Caching: the token shared through the application's IDistributedCache (Redis in production).
services.AddDistributedMemoryCache();
services.AddPurseDistributedTokenCache();
await using var provider = services.BuildServiceProvider();
var purse = provider.GetRequiredService<IPurseClient>();

var session = await purse.ClientSessions.CreateAsync(
    new CreateClientSessionRequest
    {
        Amount = 4299,
        Currency = Currency.Eur,
        ShopperRedirectionUrl = new Uri("https://shop.example/return"),
        Order = new Order
        {
            Reference = "consumer-check",
            NetAmount = 4299,
            TaxAmount = 716,
        },
    },
    ct
);

// The shopper pays in Purse's widget (played by the emulator).
var paid = await emulator.PayClientSessionAsync(session.Id, split: null, ct);

var payment = await purse.Payments.GetAsync(paid.Id, cancellationToken: ct);
if (payment.Authorization?.Status != AuthorizationStatus.Authorized)
{
    Console.Error.WriteLine(
        $"consumer flow: expected an AUTHORIZED payment, got {payment.Authorization?.Status?.Value ?? "none"}"
    );
    return 1;
}

var captured = await purse.Payments.CaptureAsync(
    payment,
    Money.FromMinorUnits(1000, Currency.Eur),
    cancellationToken: ct
);
var left = captured.GetAvailableToCapture();
if (left != Money.FromMinorUnits(3299, Currency.Eur))
{
    Console.Error.WriteLine($"consumer flow: expected 32.99 EUR left to capture, got {left}");
    return 1;
}

var tokenCache = provider.GetRequiredService<IPurseTokenCache>();
if (tokenCache.GetType().Assembly.GetName().Name != "Purse.Caching" || await tokenCache.GetAsync(ct) is null)
{
    Console.Error.WriteLine(
        $"consumer flow: expected the token in Purse.Caching's distributed cache, got {tokenCache.GetType().FullName}"
    );
    return 1;
}

Console.WriteLine($"consumer flow: OK payment {captured.Id} captured 10.00 EUR, {left} left to capture");
return 0;
