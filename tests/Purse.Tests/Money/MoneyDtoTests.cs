using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;

namespace Purse.Tests.Amounts;

/// <summary>The DTOs' amount + currency pairs, read and written as Money, with the spec's samples.</summary>
public sealed class MoneyDtoTests
{
    private static JObject PaymentSample() => (JObject)SpecDocument.Current.Operation("getPayment").ResponseExample();

    [Test]
    public void A_payment_gives_its_amount_and_remainders_as_money_in_its_currency()
    {
        var json = PaymentSample();
        var payment = RawClientHarness.FromJson<Payment>(json);
        var currency = new Currency((string)json["currency"]!);

        Assert.Multiple(() =>
        {
            Assert.That(payment.GetAmount(), Is.EqualTo(Money.FromMinorUnits((long)json["amount"]!, currency)));
            Assert.That(
                payment.GetAvailableToCapture(),
                Is.EqualTo(Money.FromMinorUnits((long)json["amounts"]!["available_to_capture"]!, currency))
            );
            Assert.That(
                payment.GetAvailableToRefund(),
                Is.EqualTo(Money.FromMinorUnits((long)json["amounts"]!["available_to_refund"]!, currency))
            );
            Assert.That(
                payment.GetAvailableToVoid(),
                Is.EqualTo(Money.FromMinorUnits((long)json["amounts"]!["available_to_void"]!, currency))
            );
        });
    }

    [Test]
    public void A_yen_payment_reads_as_yen_not_hundredths()
    {
        var json = PaymentSample();
        json["amount"] = 4299;
        json["currency"] = "JPY";

        var amount = RawClientHarness.FromJson<Payment>(json).GetAmount();

        Assert.That(amount.ToString(), Is.EqualTo("4299 JPY"));
        Assert.That(amount.ToMajorUnits(), Is.EqualTo(4299m));
    }

    [Test]
    public void A_currency_the_spec_does_not_list_still_reads_in_minor_units()
    {
        var json = PaymentSample();
        json["currency"] = "SEK";

        var amount = RawClientHarness.FromJson<Payment>(json).GetAmount();

        Assert.That(amount, Is.EqualTo(Money.FromMinorUnits((long)json["amount"]!, new Currency("SEK"))));
        Assert.That(amount.Currency.IsKnown, Is.False);
    }

    [TestCase("currency", "currency")]
    [TestCase("amount", "amount")]
    public void A_payment_without_currency_or_amount_is_a_typed_error(string missing, string expectedField)
    {
        var json = PaymentSample();
        json.Remove(missing);
        var payment = RawClientHarness.FromJson<Payment>(json);

        var error = Assert.Throws<PurseIncompleteResponseException>(() => payment.GetAmount());

        Assert.That(error!.Field, Is.EqualTo(expectedField));
        Assert.That(error, Is.InstanceOf<PurseException>());
    }

    [Test]
    public void A_payment_without_amounts_names_the_missing_remainder()
    {
        var json = PaymentSample();
        json.Remove("amounts");
        var payment = RawClientHarness.FromJson<Payment>(json);

        Assert.Multiple(() =>
        {
            Assert.That(
                () => payment.GetAvailableToCapture(),
                Throws
                    .TypeOf<PurseIncompleteResponseException>()
                    .With.Property("Field")
                    .EqualTo("amounts.available_to_capture")
            );
            Assert.That(
                () => payment.GetAvailableToRefund(),
                Throws
                    .TypeOf<PurseIncompleteResponseException>()
                    .With.Property("Field")
                    .EqualTo("amounts.available_to_refund")
            );
            Assert.That(
                () => payment.GetAvailableToVoid(),
                Throws
                    .TypeOf<PurseIncompleteResponseException>()
                    .With.Property("Field")
                    .EqualTo("amounts.available_to_void")
            );
        });
    }

    [Test]
    public void A_payment_request_takes_its_amount_and_currency_from_money()
    {
        var json = (JObject)SpecDocument.Current.Operation("createPayment").RequestExample();
        json.Remove("split");
        var request = RawClientHarness
            .FromJson<CreatePaymentRequest>(json)
            .SetAmount(Money.FromMajorUnits(4299m, Currency.Jpy));

        var sent = RawClientHarness.ToJson(request);

        Assert.That((long)sent["amount"]!, Is.EqualTo(4299));
        Assert.That((string)sent["currency"]!, Is.EqualTo("JPY"));
        Assert.That(request.GetAmount(), Is.EqualTo(Money.FromMinorUnits(4299, Currency.Jpy)));
    }

    [Test]
    public void A_client_session_request_takes_its_amount_from_money()
    {
        var request = new CreateClientSessionRequest().SetAmount(Money.FromMajorUnits(42.99m, Currency.Eur));

        Assert.That((request.Amount, request.Currency), Is.EqualTo((4299L, Currency.Eur)));
    }

    [Test]
    public void An_operation_request_is_built_from_money_and_options()
    {
        var order = new PaymentOperationOrder();
        var body = Payments.OperationRequest(
            Money.FromMajorUnits(12.5m, Currency.Eur),
            new PaymentOperationOptions { MerchantReference = "CAP#1223445", Order = order }
        );

        var sent = RawClientHarness.ToJson(body);

        Assert.That((long)sent["amount"]!, Is.EqualTo(1250));
        Assert.That((string)sent["merchant_reference"]!, Is.EqualTo("CAP#1223445"));
        Assert.That(body.Order, Is.SameAs(order));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void An_operation_of_nothing_or_less_is_refused(long minorUnits)
    {
        var error = Assert.Throws<PurseInvalidRequestException>(() =>
            Payments.OperationRequest(Money.FromMinorUnits(minorUnits, Currency.Eur), null)
        );

        Assert.That(error!.Field, Is.EqualTo("amount"));
    }
}
