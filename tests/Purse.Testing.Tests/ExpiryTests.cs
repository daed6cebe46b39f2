using System.Net;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>The emulator's clock (a TimeProvider) enforces the expires_at of client sessions and payment
/// links.</summary>
internal sealed class ExpiryTests : EmulatorHarness
{
    [Test]
    public async Task An_expired_hosted_page_session_can_be_neither_paid_nor_aborted()
    {
        using var created = await SendAsync(
            HttpMethod.Post,
            "/payment/v2/client-sessions",
            new CreateClientSessionRequest
            {
                Amount = 4299,
                Currency = Currency.Eur,
                EntityId = Emulator.EntityId,
                IntegrationMode = IntegrationMode.HostedPage,
                Order = Order(),
                ShopperRedirectionUrl = new Uri("https://shop.example/return"),
            }
        );
        var session = await ReadAsync<ClientSession>(created);
        Assert.That(session.Links!.ContainsKey("hosted_page"), Is.True);

        Clock.Advance(session.ExpiresAt!.Value - Start);

        Assert.That(
            async () => await Emulator.PayClientSessionAsync(session.Id, null, CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains("EXPIRED")
        );
        using var abort = await SendAsync(
            HttpMethod.Post,
            $"/payment/v2/client-sessions/{session.Id}/abort",
            new AbortClientSessionRequest { Status = ClientSessionAbortStatus.AbortedByMerchant }
        );
        var problem = await ProblemAsync(abort, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Single().Pointer, Is.EqualTo("/status"));
    }

    [Test]
    public async Task A_payment_link_can_be_paid_until_its_expires_at_and_not_after()
    {
        var link = Emulator.CreatePaymentLink(1000, Currency.Eur, lifetime: TimeSpan.FromHours(1));
        var other = Emulator.CreatePaymentLink(1000, Currency.Eur, lifetime: TimeSpan.FromHours(1));

        Clock.Advance(TimeSpan.FromMinutes(59));
        var paid = await Emulator.PayPaymentLinkAsync(link.Id, null, CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.That(paid.PaymentLinkId, Is.EqualTo(link.Id));
        Assert.That(
            async () => await Emulator.PayPaymentLinkAsync(other.Id, null, CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains("expires at")
        );
    }
}
