using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Purse.Models;
using Purse.Testing;

namespace Purse.IntegrationTests.Shop;

/// <summary>
/// The shop of docs/checkout.md, run as a real ASP.NET Core app on 127.0.0.1 with two named Purse clients, shop_fr
/// and shop_de, each served by an emulator of its own (its own entity, credentials and signing keys) over loopback
/// HTTP: checkout on the hosted page, the return verified, webhooks re-read, a capture that Purse carries out but
/// answers 503 (one capture, thanks to its key), a refund, a refund refused in Money, a void, an abort, and returns
/// that must not be trusted.
/// </summary>
[NonParallelizable]
public sealed class CheckoutShopTests
{
    private static readonly Currency Eur = Currency.Eur;
    private PurseEmulator _france = null!;
    private PurseEmulator _germany = null!;
    private WebApplication _shop = null!;
    private InMemoryShopOrders _orders = null!;
    private HttpClient _browser = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _france = Emulator();
        _germany = Emulator();
        var franceServer = await _france.StartServerAsync(CancellationToken.None);
        var germanyServer = await _germany.StartServerAsync(CancellationToken.None);
        _orders = new InMemoryShopOrders();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        // As in production, one named client per shop; here each is served by its own emulator, and the emulators
        // post webhooks from 127.0.0.1 rather than from Purse's published addresses.
        builder.Services.AddPurseClient("shop_fr", _france, franceServer.BaseAddress, LoopbackWebhooks);
        builder.Services.AddPurseClient("shop_de", _germany, germanyServer.BaseAddress, LoopbackWebhooks);
        builder.Services.AddSingleton<IShopOrders>(_orders);
        _shop = builder.Build();
        _shop.MapCheckout("shop_fr", "shop_de");
        await _shop.StartAsync();
        var addresses = _shop.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var address = addresses.Addresses.Single();
        _browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(address + "/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    [TearDown]
    public async Task StopAsync()
    {
        _browser.Dispose();
        await _shop.StopAsync();
        await _shop.DisposeAsync();
        await _france.DisposeAsync();
        await _germany.DisposeAsync();
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_french_order_is_paid_on_the_hosted_page_shipped_once_and_partly_refunded(CancellationToken ct)
    {
        // The worked example of docs/checkout.md: 2 T-shirts at 15.00, a mug at 9.00, 6.00 shipping, 3.00 off.
        _orders.Add(
            new Order(
                "A-1001",
                "shop_fr",
                [
                    new OrderLine("TS-42", "T-shirt", 2, Money.FromMajorUnits(15m, Eur)),
                    new OrderLine("MUG-7", "Mug", 1, Money.FromMajorUnits(9m, Eur)),
                ],
                Shipping: Money.FromMajorUnits(6m, Eur),
                Discount: Money.FromMajorUnits(3m, Eur)
            )
        );

        var back = await CheckOutAndPayAsync("A-1001", "AUTHORIZED", ct);

        Assert.That(back.Headers.Location, Is.EqualTo(new Uri("/orders/A-1001/thanks", UriKind.Relative)));
        var paymentId = _orders["A-1001"].PaymentId!.Value;
        var held = _france.FindPayment(paymentId)!;
        Assert.Multiple(() =>
        {
            Assert.That(held.GetAmount(), Is.EqualTo(Money.FromMajorUnits(42m, Eur)));
            Assert.That(
                (held.Order!.NetAmount, held.Order.TaxAmount, held.Order.DiscountAmount),
                Is.EqualTo(((long?)4200, (long?)700, (long?)300))
            );
            Assert.That(
                held.Order.Shipments!.Single().ItemLines!.Select(l => (l.Name, l.NetAmount, l.TaxAmount)),
                Is.EqualTo(new[] { ("T-shirt", (long?)3000, (long?)500), ("Mug", 900, 150) })
            );
            Assert.That(
                _germany.FindPayment(paymentId),
                Is.Null,
                "the French shop's payment is on the French entity only"
            );
            Assert.That(
                _orders.Applied.Select(a => a.PaymentId),
                Has.Member(paymentId),
                "the webhook was re-read and applied"
            );
        });

        // Shipping: Purse captures, but the answer is lost (503); the client sends it again with the same key.
        _france.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.ServerError(503).AfterCommit());
        using var shipped = await _browser.PostAsync("orders/A-1001/shipments/1", null, ct);
        Assert.That(shipped.StatusCode, Is.EqualTo(HttpStatusCode.OK), await shipped.Content.ReadAsStringAsync(ct));
        Assert.That(await shipped.Content.ReadAsStringAsync(ct), Does.Contain("captured 42.00 EUR"));
        Assert.That(_france.FindPayment(paymentId)!.Captures, Has.Count.EqualTo(1), "captured once");

        using var refunded = await _browser.PostAsync("orders/A-1001/returns/R-1?amount=10.00", null, ct);
        using var tooMuch = await _browser.PostAsync("orders/A-1001/returns/R-2?amount=50.00", null, ct);
        Assert.Multiple(async () =>
        {
            Assert.That(
                await refunded.Content.ReadAsStringAsync(ct),
                Does.Contain("refunded 10.00 EUR").And.Contain("to refund 32.00 EUR")
            );
            Assert.That(tooMuch.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(
                await tooMuch.Content.ReadAsStringAsync(ct),
                Does.Contain("50.00 EUR is more than the payment's available_to_refund (32.00 EUR)")
            );
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task The_german_shop_pays_refuses_voids_and_aborts_on_its_own_entity(CancellationToken ct)
    {
        _orders.Add(SmallOrder("B-2001", "shop_de"));
        _orders.Add(SmallOrder("B-2002", "shop_de"));
        _orders.Add(SmallOrder("B-2003", "shop_de"));

        var paid = await CheckOutAndPayAsync("B-2001", "AUTHORIZED", ct);
        var refused = await CheckOutAndPayAsync("B-2002", "REFUSED", ct);
        using var checkout = await _browser.PostAsync("orders/B-2003/checkout", null, ct);
        using var cancelledUnpaid = await _browser.PostAsync("orders/B-2003/cancel", null, ct);
        using var cancelledPaid = await _browser.PostAsync("orders/B-2001/cancel", null, ct);

        Assert.Multiple(async () =>
        {
            Assert.That(paid.Headers.Location, Is.EqualTo(new Uri("/orders/B-2001/thanks", UriKind.Relative)));
            Assert.That(_germany.FindPayment(_orders["B-2001"].PaymentId!.Value), Is.Not.Null, "on the German entity");
            Assert.That(refused.Headers.Location, Is.EqualTo(new Uri("/orders/B-2002/retry", UriKind.Relative)));
            Assert.That(_orders["B-2002"].PaymentId, Is.Null, "a refused payment is not the order's");
            Assert.That(
                await cancelledUnpaid.Content.ReadAsStringAsync(ct),
                Is.EqualTo("client session ABORTED_BY_MERCHANT")
            );
            Assert.That(await cancelledPaid.Content.ReadAsStringAsync(ct), Does.Contain("voided 24.99 EUR"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_return_signed_by_the_other_entity_or_about_another_payment_is_refused(CancellationToken ct)
    {
        _orders.Add(SmallOrder("A-1002", "shop_fr"));
        using var paid = await CheckOutAndPayAsync("A-1002", "AUTHORIZED", ct);
        var paymentId = _orders["A-1002"].PaymentId!.Value;
        var sessionId = _orders["A-1002"].ClientSessionId!.Value;

        // Signed by the German entity's keys, claiming the French order's session and payment.
        var otherEntity = _germany.CreateRedirectionData(
            paymentId,
            AuthorizationStatus.Authorized,
            sessionId,
            ClientSessionStatus.Submitted
        );
        // Signed by the French entity, about a payment and session it never made for this shop.
        var unknown = _france.CreateRedirectionData(Guid.NewGuid());

        using var forged = await _browser.GetAsync($"purse/return/shop_fr?purse-redirection-data={otherEntity}", ct);
        using var stranger = await _browser.GetAsync($"purse/return/shop_fr?purse-redirection-data={unknown}", ct);
        using var wrongShop = await _browser.GetAsync($"purse/return/shop_de?purse-redirection-data={otherEntity}", ct);

        Assert.Multiple(async () =>
        {
            Assert.That(await forged.Content.ReadAsStringAsync(ct), Does.Contain("could not be verified"));
            Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await stranger.Content.ReadAsStringAsync(ct), Does.Contain("not for an order of this shop"));
            Assert.That(
                await wrongShop.Content.ReadAsStringAsync(ct),
                Does.Contain("not for an order of this shop"),
                "valid German data about a French order is not a German shop's order"
            );
        });
    }

    /// <summary>The shopper checks out, pays on the emulator's hosted page, and is sent back to the shop.</summary>
    private async Task<HttpResponseMessage> CheckOutAndPayAsync(string orderId, string outcome, CancellationToken ct)
    {
        using var checkout = await _browser.PostAsync($"orders/{orderId}/checkout", null, ct);
        Assert.That(
            checkout.StatusCode,
            Is.EqualTo(HttpStatusCode.Redirect),
            await checkout.Content.ReadAsStringAsync(ct)
        );
        var hostedPage = checkout.Headers.Location!;
        var total = _orders[orderId].Total.MinorUnits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var pay = await _browser.PostAsync(
            hostedPage,
            new FormUrlEncodedContent([
                KeyValuePair.Create("amount-0", total),
                KeyValuePair.Create("outcome", outcome),
            ]),
            ct
        );
        Assert.That(pay.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await pay.Content.ReadAsStringAsync(ct));
        var back = await _browser.GetAsync(pay.Headers.Location, ct);
        Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await back.Content.ReadAsStringAsync(ct));
        return back;
    }

    private static Order SmallOrder(string id, string shop) =>
        new(
            id,
            shop,
            [new OrderLine("SCARF-1", "Scarf", 1, Money.FromMajorUnits(20m, Eur))],
            Shipping: Money.FromMajorUnits(4.99m, Eur),
            Discount: Money.Zero(Eur)
        );

    private static void LoopbackWebhooks(PurseClientOptions options) => options.WebhookSourceAddresses = ["127.0.0.1"];

    private static PurseEmulator Emulator()
    {
        var options = new EmulatorOptions();
        options.EligibleSolutions.Add(new EligibleSolutionRule("adyen", "creditcard"));
        return new PurseEmulator(options);
    }
}
