using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Purse.Models;
using Purse.Testing;

namespace Purse.IntegrationTests.ExactlyOnce;

/// <summary>
/// The client inside an application that adds a resilience handler to all its HTTP clients
/// (<c>ConfigureHttpClientDefaults(h =&gt; h.AddStandardResilienceHandler())</c>, as .NET Aspire's service defaults
/// do),
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
        services.ConfigureHttpClientDefaults(http =>
            http.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(10))
        );
        services.AddPurseClient(emulator, server.BaseAddress);
        await using var provider = services.BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();
        var payment = await NewPaymentAsync(purse);

        // Purse captures, then its answer is lost behind a 503: the application's handler sends the POST again.
        emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.ServerError(503).AfterCommit());
        var captured = await purse.Payments.CaptureAsync(payment, Money.FromMinorUnits(300, Currency.Eur));

        var ledger = emulator.FindPayment(payment.Id)!;
        Assert.Multiple(() =>
        {
            Assert.That(ledger.Captures, Has.Count.EqualTo(1), "one CaptureAsync, one capture in Purse's ledger");
            Assert.That(ledger.Amounts!.TotalCaptured, Is.EqualTo(300));
            Assert.That(
                captured.Amounts!.TotalCaptured,
                Is.EqualTo(300),
                "the call returns the payment with its capture"
            );
        });
    }

    private static IEnumerable<TestCaseData> SlowCaptures()
    {
        yield return new TestCaseData(HttpFault.Slow(TimeSpan.FromSeconds(2))).SetName(
            "Slow before the capture runs: the hedged copy captures"
        );
        yield return new TestCaseData(HttpFault.Slow(TimeSpan.FromSeconds(2)).AfterCommit()).SetName(
            "Captured, answered late: the hedged copy meets the write-conflict"
        );
    }

    /// <summary>
    /// <c>AddStandardHedgingHandler</c> sends a copy of a slow request while the first is still in flight (the
    /// suspicion
    /// of issue 21): both carry the same idempotency key, so the capture happens once.
    /// </summary>
    [TestCaseSource(nameof(SlowCaptures))]
    public async Task A_slow_capture_is_applied_once_under_the_standard_hedging_handler(HttpFault slow)
    {
        await using var emulator = new PurseEmulator();
        var server = await emulator.StartServerAsync(CancellationToken.None);
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http =>
            http.AddStandardHedgingHandler().Configure(o => o.Hedging.Delay = TimeSpan.FromMilliseconds(200))
        );
        services.AddPurseClient(emulator, server.BaseAddress);
        await using var provider = services.BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();
        var payment = await NewPaymentAsync(purse);

        emulator.Faults.Next(PurseOperationIds.CapturePayment, slow);
        var captured = await purse.Payments.CaptureAsync(payment, Money.FromMinorUnits(300, Currency.Eur));
        // The first copy may still be waiting in the emulator: let it end before reading the ledger.
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var ledger = emulator.FindPayment(payment.Id)!;
        Assert.Multiple(() =>
        {
            Assert.That(ledger.Captures, Has.Count.EqualTo(1), "two copies of one capture, one capture");
            Assert.That(ledger.Amounts!.TotalCaptured, Is.EqualTo(300));
            Assert.That(captured.Amounts!.TotalCaptured, Is.EqualTo(300));
        });
    }

    private static Task<Payment> NewPaymentAsync(IPurseClient purse) =>
        purse.Payments.CreateAsync(
            new CreatePaymentRequest
            {
                Amount = 1000,
                Currency = Currency.Eur,
                Order = new Order
                {
                    Reference = "order-1",
                    NetAmount = 1000,
                    TaxAmount = 0,
                },
            }
        );
}
