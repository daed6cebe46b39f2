using System.Net;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Amounts;

/// <summary>
/// The wire model's amounts as Money (issue 22): a payment's totals, an order's, a shipment's and an item line's
/// amounts, an operation's parts; set from Money, an order remembers its currency and a request in another one is
/// refused before sending.
/// </summary>
public sealed class WireMoneyTests
{
    private static JObject PaymentSample() => (JObject)SpecDocument.Current.Operation("getPayment").ResponseExample();

    [Test]
    public void Totals_give_every_amount_of_the_payment_in_its_currency()
    {
        var json = PaymentSample();
        json["currency"] = "EUR";
        json["amounts"] = JObject.Parse(
            """
            {"authorize_pending":0,"total_authorized":4299,"total_captured":3000,"available_to_capture":1299,
             "total_refunded":1000,"available_to_refund":2000,"total_voided":0,"available_to_void":1299}
            """
        );

        var totals = RawClientHarness.FromJson<Payment>(json).Totals();

        Assert.Multiple(() =>
        {
            Assert.That(totals.Authorized, Is.EqualTo(Money.FromMajorUnits(42.99m, Currency.Eur)));
            Assert.That((totals.Captured, totals.Refunded, totals.Voided), Is.EqualTo((Eur(3000), Eur(1000), Eur(0))));
            Assert.That(
                (totals.ToCapture, totals.ToRefund, totals.ToVoid),
                Is.EqualTo((Eur(1299), Eur(2000), Eur(1299)))
            );
            Assert.That(totals.AuthorizePending, Is.EqualTo(Eur(0)));
            Assert.That(
                totals.ToString(),
                Is.EqualTo(
                    "authorized 42.99 EUR, captured 30.00 EUR, refunded 10.00 EUR, "
                        + "voided 0.00 EUR, to capture 12.99 EUR, to refund 20.00 EUR, to void 12.99 EUR"
                )
            );
        });
    }

    [Test]
    public void Totals_without_authorize_pending_say_so_with_null()
    {
        var json = PaymentSample();
        ((JObject)json["amounts"]!).Remove("authorize_pending");

        Assert.That(RawClientHarness.FromJson<Payment>(json).Totals().AuthorizePending, Is.Null);
    }

    [Test]
    public void Totals_of_a_yen_payment_are_yen()
    {
        var json = PaymentSample();
        json["currency"] = "JPY";

        var totals = RawClientHarness.FromJson<Payment>(json).Totals();

        Assert.That(totals.Authorized.ToString(), Is.EqualTo($"{(long)json["amounts"]!["total_authorized"]!} JPY"));
    }

    [TestCase(null, "amounts")]
    [TestCase("total_refunded", "amounts.total_refunded")]
    [TestCase("available_to_void", "amounts.available_to_void")]
    public void Totals_name_what_is_missing(string? missing, string field)
    {
        var json = PaymentSample();
        if (missing is null)
        {
            json.Remove("amounts");
        }
        else
        {
            ((JObject)json["amounts"]!).Remove(missing);
        }
        var payment = RawClientHarness.FromJson<Payment>(json);

        Assert.That(
            () => payment.Totals(),
            Throws.TypeOf<PurseIncompleteResponseException>().With.Property("Field").EqualTo(field)
        );
    }

    [Test]
    public void An_order_set_from_money_sends_minor_units_and_reads_back_in_the_currency_given()
    {
        var order = new Order { Reference = "order-1" }
            .SetNetAmount(Money.FromMajorUnits(42.99m, Currency.Eur))
            .SetTaxAmount(Money.FromMajorUnits(7.17m, Currency.Eur))
            .SetDiscountAmount(Money.FromMajorUnits(5m, Currency.Eur));
        order.ItemLines =
        [
            new ItemLine { Name = "Socks", Quantity = 2 }
                .SetUnitGrossPrice(Money.FromMajorUnits(12.50m, Currency.Eur))
                .SetNetAmount(Money.FromMajorUnits(25m, Currency.Eur))
                .SetTaxAmount(Money.FromMajorUnits(4.17m, Currency.Eur)),
        ];
        order.Shipments = [new Shipment().SetNetAmount(Money.FromMajorUnits(4.99m, Currency.Eur))];

        var wire = JObject.Parse(RawClientHarness.ToJson(order).ToString());
        var read = RawClientHarness.FromJson<Order>(wire);

        Assert.Multiple(() =>
        {
            Assert.That(
                ((long)wire["net_amount"]!, (long)wire["tax_amount"]!, (long)wire["discount_amount"]!),
                Is.EqualTo((4299L, 717L, 500L))
            );
            Assert.That((long)wire["item_lines"]![0]!["unit_gross_price"]!, Is.EqualTo(1250));
            Assert.That(wire.ToString(), Does.Not.Contain("EUR"), "the amounts carry no currency on the wire");
            Assert.That(read.GetNetAmount(Currency.Eur), Is.EqualTo(Money.FromMajorUnits(42.99m, Currency.Eur)));
            Assert.That(
                read.ItemLines!.Single().GetTaxAmount(Currency.Eur),
                Is.EqualTo(Money.FromMajorUnits(4.17m, Currency.Eur))
            );
            Assert.That(
                read.Shipments!.Single().GetNetAmount(Currency.Eur),
                Is.EqualTo(Money.FromMajorUnits(4.99m, Currency.Eur))
            );
            Assert.That(
                read.GetDiscountAmount(Currency.Jpy),
                Is.EqualTo(Money.FromMinorUnits(500, Currency.Jpy)),
                "read in the currency asked"
            );
            Assert.That(new Order().GetTaxAmount(Currency.Eur), Is.Null, "an absent amount is null, not zero");
        });
    }

    [Test]
    public void One_order_holds_one_currency()
    {
        var order = new Order().SetNetAmount(Money.FromMajorUnits(42.99m, Currency.Eur));

        var dollars = Money.FromMajorUnits(7.17m, Currency.Usd);
        var error = Assert.Throws<PurseMoneyException>(() => order.SetTaxAmount(dollars));

        Assert.That(error!.Message, Does.Contain("tax_amount is 7.17 USD").And.Contain("EUR"));
        Assert.That(order.TaxAmount, Is.Null, "nothing was set");
    }

    [Test]
    public void Reading_in_no_currency_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => new Order { NetAmount = 4299 }.GetNetAmount(default));

    [Test]
    public void The_parts_of_an_operation_read_in_the_payment_s_currency()
    {
        var json = PaymentSample();
        json["currency"] = "EUR";
        json["captures"] = JArray.Parse(
            """
            [{"id":"6f1c2b1e-8d1f-4c55-9d7e-0a3b2c1d4e5f","amount":3000,"status":"SUCCESS","partner_operations":[
              {"partner_transaction_id":"0b7d3a52-2f0e-4f55-8d8c-2a1e6f0b9c11","partner":"adyen","method":"creditcard",
               "amount":3000,"status":"SUCCESS"}]}]
            """
        );
        var payment = RawClientHarness.FromJson<Payment>(json);
        var currency = payment.GetAmount().Currency;

        var capture = payment.Captures!.Single();

        Assert.Multiple(() =>
        {
            Assert.That(capture.GetAmount(currency), Is.EqualTo(Eur(3000)));
            Assert.That(capture.PartnerOperations!.Single().GetAmount(currency), Is.EqualTo(Eur(3000)));
            var transaction = payment.Authorization!.PartnerTransactions!.First();
            Assert.That(transaction.GetAmount(currency), Is.EqualTo(Eur(transaction.Amount!.Value)));
        });
    }

    [Test]
    public async Task A_client_session_whose_order_is_in_another_currency_is_refused_before_sending()
    {
        using var harness = new FacadeHarness();
        var order = new Order { Reference = "order-1" }.SetNetAmount(Money.FromMajorUnits(42.99m, Currency.Eur));
        order.ItemLines =
        [
            new ItemLine { Name = "Socks" }.SetNetAmount(Money.FromMajorUnits(20m, Currency.Eur)),
            new ItemLine { Name = "Hat" }.SetNetAmount(Money.FromMajorUnits(22.99m, Currency.Usd)),
        ];
        var request = new CreateClientSessionRequest
        {
            Order = order,
            ShopperRedirectionUrl = new Uri("https://shop.example/return"),
        }.SetAmount(Money.FromMajorUnits(42.99m, Currency.Eur));

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.ClientSessions.CreateAsync(request)
        );

        Assert.That(error.Field, Is.EqualTo("order.item_lines[1]"));
        Assert.That(error.Message, Does.Contain("USD").And.Contain("the client session is in EUR"));
        Assert.That(harness.Requests, Is.Empty, "nothing sent");
    }

    [Test]
    public async Task A_payment_in_another_currency_than_its_order_is_refused_and_one_in_its_currency_is_sent()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, "*")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.PaymentJson);
        var order = new Order { Reference = "order-1" }.SetNetAmount(Money.FromMajorUnits(42.99m, Currency.Eur));

        var inPounds = new CreatePaymentRequest { Order = order }.SetAmount(Money.FromMajorUnits(42.99m, Currency.Gbp));
        var inEuros = new CreatePaymentRequest { Order = order }.SetAmount(Money.FromMajorUnits(42.99m, Currency.Eur));

        var refused = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.Payments.CreateAsync(inPounds)
        );
        await harness.Client.Payments.CreateAsync(inEuros);

        Assert.That(
            (refused.Field, refused.Message),
            Is.EqualTo(
                ("order", "Invalid request (order): The amounts of order were given in EUR, but the payment is in GBP.")
            )
        );
        Assert.That(harness.ApiRequests.Single().Body, Does.Contain("\"net_amount\":4299"));
    }

    [Test]
    public async Task An_operation_s_order_in_another_currency_than_the_payment_is_refused()
    {
        using var harness = new FacadeHarness();
        var payment = FacadeSamples.EurPayment(4299, 0, 4299);
        var francs = Money.FromMajorUnits(10m, Currency.Chf);
        var options = new PaymentOperationOptions
        {
            Order = new PaymentOperationOrder { Reference = "shipment-1" }.SetNetAmount(francs),
        };

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.Payments.CaptureAsync(payment, Money.FromMajorUnits(10m, Currency.Eur), options)
        );

        Assert.That(error.Field, Is.EqualTo("order"));
        Assert.That(harness.Requests, Is.Empty);
    }

    [Test]
    public async Task An_item_line_of_a_shipment_in_another_currency_is_named()
    {
        using var harness = new FacadeHarness();
        var shipment = new Shipment().SetNetAmount(Money.FromMajorUnits(42.99m, Currency.Eur));
        shipment.ItemLines =
        [
            new ItemLine { Name = "Socks" }.SetNetAmount(Money.FromMajorUnits(20m, Currency.Eur)),
            new ItemLine { Name = "Hat" }.SetNetAmount(Money.FromMajorUnits(2299m, Currency.Jpy)),
        ];
        var request = new CreatePaymentRequest
        {
            Order = new Order { Reference = "order-1", Shipments = [shipment] },
        }.SetAmount(Money.FromMajorUnits(42.99m, Currency.Eur));

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.Payments.CreateAsync(request)
        );

        Assert.That(error.Field, Is.EqualTo("order.shipments[0].item_lines[1]"));
    }

    private static Money Eur(long minorUnits) => Money.FromMinorUnits(minorUnits, Currency.Eur);
}
