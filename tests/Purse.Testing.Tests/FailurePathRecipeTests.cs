using Microsoft.Extensions.DependencyInjection;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>The three recipes of docs/emulator.md, "Testing failure paths", run as written with the facade.</summary>
internal sealed class FailurePathRecipeTests : EmulatorHarness
{
    private ServiceProvider _provider = null!;
    private IPurseClient _purse = null!;
    private Payment _payment = null!;

    [SetUp]
    public async Task CreateSplitPayment()
    {
        _provider = new ServiceCollection().AddPurseClient(Emulator).BuildServiceProvider();
        _purse = _provider.GetRequiredService<IPurseClient>();
        var total = Money.FromMajorUnits(60m, Currency.Eur);
        _payment = await _purse.Payments.CreateAsync(
            new CreatePaymentRequest { Order = Order(netAmount: 6000) }
                .SetAmount(total)
                .SetSplit(
                    SplitCandidates.New(Money.FromMajorUnits(20m, Currency.Eur), "illicado", "giftcard"),
                    SplitCandidates.New(Money.FromMajorUnits(40m, Currency.Eur), "adyen", "creditcard")
                )
        );
    }

    [TearDown]
    public async Task DisposeProvider() => await _provider.DisposeAsync();

    [Test]
    public async Task A_partial_capture_failure_on_a_split()
    {
        Emulator.Partner("illicado").FailNextCapture();
        var payment = await _purse.Payments.CaptureAsync(_payment, Money.FromMajorUnits(15m, Currency.Eur));
        Assert.That(
            (payment.Captures!.Last().Status, payment.GetAvailableToCapture()),
            Is.EqualTo((OperationStatus.Failure, Money.FromMajorUnits(60m, Currency.Eur)))
        );

        payment = await _purse.Payments.CaptureAsync(payment, Money.FromMajorUnits(15m, Currency.Eur));

        Assert.That(
            (payment.Captures!.Last().Status, payment.Amounts!.TotalCaptured),
            Is.EqualTo((OperationStatus.Success, (long?)1500))
        );
    }

    [Test]
    public async Task Conflict()
    {
        Emulator.Partner("illicado").FailNextCapture();
        var payment = await _purse.Payments.CaptureAsync(_payment, _payment.GetAvailableToCapture());
        Assert.That(
            (payment.Captures!.Last().Status, payment.Amounts!.TotalCaptured, payment.GetAvailableToCapture()),
            Is.EqualTo((OperationStatus.Conflict, (long?)4000, Money.FromMajorUnits(20m, Currency.Eur)))
        );

        payment = await _purse.Payments.VoidAsync(payment, payment.GetAvailableToVoid());

        Assert.That(
            (payment.Amounts!.TotalVoided, payment.Amounts.AvailableToCapture),
            Is.EqualTo(((long?)2000, (long?)0))
        );
    }

    [Test]
    public async Task A_429_storm()
    {
        Emulator.Faults.Next(
            PurseOperationIds.GetPayment,
            HttpFault.TooManyRequests(TimeSpan.FromSeconds(1)),
            times: 2
        );
        Emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.TooManyRequests(TimeSpan.FromMinutes(2)));

        var payment = await _purse.Payments.GetAsync(_payment.Id);
        var e = Assert.ThrowsAsync<PurseRateLimitedException>(async () =>
            await _purse.Payments.CaptureAsync(payment, Money.FromMajorUnits(10m, Currency.Eur))
        );

        Assert.That((payment.Id, e!.RetryAfter), Is.EqualTo((_payment.Id, (TimeSpan?)TimeSpan.FromMinutes(2))));
        Assert.That(e.Outcome, Is.EqualTo(PurseOutcome.Refused), "a 429 is a refusal: nothing was captured");
        Assert.That((await GetPaymentAsync(_payment.Id)).Amounts!.TotalCaptured, Is.Zero);
    }
}
