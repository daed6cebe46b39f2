using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>A payment link locks to PAID on the first authorized payment, even under concurrent attempts.</summary>
internal sealed class PaymentLinkAttemptTests : EmulatorHarness
{
    [Test]
    public async Task Concurrent_attempts_on_one_link_make_exactly_one_payment()
    {
        var link = Emulator.CreatePaymentLink(1000, Currency.Eur);

        var attempts = Enumerable
            .Range(0, 8)
            .Select(_ =>
                Task.Run(async () =>
                {
                    try
                    {
                        return await Emulator.PayPaymentLinkAsync(link.Id, null, CancellationToken.None);
                    }
                    catch (InvalidOperationException)
                    {
                        return null;
                    }
                })
            )
            .ToList();
        var payments = await Task.WhenAll(attempts);

        using var response = await SendAsync(HttpMethod.Get, $"/payment/v2/payment-links/{link.Id}");
        var read = await ReadAsync<PaymentLink>(response);
        Assert.That(
            (payments.Count(p => p is not null), read.Status, read.PaymentAttempts!.Count),
            Is.EqualTo((1, PaymentLinkStatus.Paid, 1))
        );
    }
}
