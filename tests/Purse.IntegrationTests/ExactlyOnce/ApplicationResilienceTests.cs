using Microsoft.Extensions.DependencyInjection;
using Purse.Models;
using Purse.Testing;

namespace Purse.IntegrationTests.ExactlyOnce;

/// <summary>
/// The client inside an application that adds a resilience handler to all its HTTP clients
/// (<c>ConfigureHttpClientDefaults(h =&gt; h.AddStandardResilienceHandler())</c>, as .NET Aspire's service defaults do),
/// against the emulator over loopback (Kestrel). That handler re-sends a POST the client sent once.
/// </summary>
[NonParallelizable]
public sealed class ApplicationResilienceTests
{
    [Test]
    public async Task A_capture_answered_503_after_commit_is_applied_once_under_the_standard_resilience_handler()
    {
        await using var emulator = new PurseEmulator();
        var server = await emulator.StartServerAsync(CancellationToken.None);
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(10)));
        services.AddPurseClient(emulator, server.BaseAddress);
        await using var provider = services.BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();
        var payment = await purse.Payments.CreateAsync(new CreatePaymentRequest
        {
            Amount = 1000,
            Currency = Currency.Eur,
            Order = new Order { Reference = "order-1", NetAmount = 1000, TaxAmount = 0 },
        });

        // Purse captures, then its answer is lost behind a 503: the application's handler sends the POST again.
        emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.ServerError(503).AfterCommit());
        var captured = await purse.Payments.CaptureAsync(payment, Money.FromMinorUnits(300, Currency.Eur));

        var ledger = emulator.FindPayment(payment.Id)!;
        Assert.Multiple(() =>
        {
            Assert.That(ledger.Captures, Has.Count.EqualTo(1), "one CaptureAsync, one capture in Purse's ledger");
            Assert.That(ledger.Amounts!.TotalCaptured, Is.EqualTo(300));
            Assert.That(captured.Amounts!.TotalCaptured, Is.EqualTo(300), "the call returns the payment with its capture");
        });
    }
}
