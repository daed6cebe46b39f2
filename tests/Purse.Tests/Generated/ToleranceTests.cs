using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Tests.Support;

namespace Purse.Tests.Generated;

/// <summary>Purse adds fields and values over time; the generated model must not break on them.</summary>
public sealed class ToleranceTests
{
    private static JObject PaymentSample() => (JObject)SpecDocument.Current.Operation("getPayment").ResponseExample();

    [Test]
    public void An_unknown_enum_value_deserialises_and_keeps_its_raw_value()
    {
        var json = PaymentSample();
        json["authorization"]!["status"] = "PARTIALLY_AUTHORIZED";
        json["currency"] = "SEK";

        var payment = RawClientHarness.FromJson<Payment>(json);

        Assert.Multiple(() =>
        {
            Assert.That(payment.Authorization!.Status!.Value.Value, Is.EqualTo("PARTIALLY_AUTHORIZED"));
            Assert.That(payment.Authorization.Status.Value.IsKnown, Is.False);
            Assert.That(payment.Currency!.Value.Value, Is.EqualTo("SEK"));
            Assert.That(payment.Currency.Value == Currency.Eur, Is.False);
        });
        JsonAssert.AreEquivalent(
            json,
            RawClientHarness.ToJson(payment),
            "the unknown values are written back unchanged"
        );
    }

    [Test]
    public void Overview_statuses_are_open_values_typed_as_the_docs_name_them()
    {
        var json = PaymentSample();
        json["overview"] = JObject.Parse(
            """
            {"authorization_status":"AUTHORIZED","capture_status":"PARTIALLY","refund_status":"NOT",
             "void_status":"MOSTLY"}
            """
        );

        var overview = RawClientHarness.FromJson<Payment>(json).Overview!;

        Assert.Multiple(() =>
        {
            Assert.That(overview.AuthorizationStatus, Is.EqualTo(AuthorizationStatus.Authorized));
            Assert.That(overview.CaptureStatus, Is.EqualTo(OverviewStatus.Partially));
            Assert.That(overview.RefundStatus, Is.EqualTo(OverviewStatus.Not));
            Assert.That(
                (overview.VoidStatus!.Value.Value, overview.VoidStatus.Value.IsKnown),
                Is.EqualTo(("MOSTLY", false))
            );
        });
        JsonAssert.AreEquivalent(
            json,
            RawClientHarness.ToJson(RawClientHarness.FromJson<Payment>(json)),
            "an unknown state is written back"
        );
    }

    [Test]
    public void Partner_operations_are_typed_and_keep_the_fields_they_do_not_know()
    {
        var json = PaymentSample();
        json["captures"] = JArray.Parse(
            """
            [{"id":"6f1c2b1e-8d1f-4c55-9d7e-0a3b2c1d4e5f","amount":3000,"status":"CONFLICT","partner_operations":[
              {"partner_transaction_id":"0b7d3a52-2f0e-4f55-8d8c-2a1e6f0b9c11","partner":"illicado","method":"giftcard",
               "amount":1000,"status":"FAILURE","partner_reference":"ILL-1"},
              {"partner_transaction_id":"7c1f0d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f","partner":"adyen","method":"creditcard",
               "amount":2000,"status":"SETTLING"}]}]
            """
        );

        var parts = RawClientHarness.FromJson<Payment>(json).Captures!.Single().PartnerOperations!.ToList();

        Assert.Multiple(() =>
        {
            Assert.That(
                parts.Select(p => (p.Partner, p.Method, p.Amount)),
                Is.EqualTo(new[] { ("illicado", "giftcard", (long?)1000), ("adyen", "creditcard", 2000) })
            );
            Assert.That(parts[0].Status, Is.EqualTo(OperationStatus.Failure));
            Assert.That(parts[1].Status!.Value.IsKnown, Is.False, "a status Purse adds later reads, unknown");
            Assert.That(parts[0].PartnerTransactionId, Is.EqualTo(Guid.Parse("0b7d3a52-2f0e-4f55-8d8c-2a1e6f0b9c11")));
            Assert.That(parts[0].AdditionalProperties["partner_reference"], Is.EqualTo("ILL-1"));
        });
        JsonAssert.AreEquivalent(json, RawClientHarness.ToJson(RawClientHarness.FromJson<Payment>(json)));
    }

    [Test]
    public void Known_enum_values_compare_equal_to_their_members()
    {
        var payment = RawClientHarness.FromJson<Payment>(PaymentSample());

        Assert.Multiple(() =>
        {
            Assert.That(payment.Currency, Is.EqualTo(Currency.Eur));
            Assert.That(payment.Currency!.Value.IsKnown, Is.True);
            Assert.That(ClientSessionStatus.AbortedByCustomer.Value, Is.EqualTo("ABORTED_BY_CUSTOMER"));
            Assert.That(
                JsonConvert.SerializeObject(ClientSessionStatus.AbortedByCustomer, PurseJson.Settings),
                Is.EqualTo("\"ABORTED_BY_CUSTOMER\"")
            );
        });
    }

    [Test]
    public void Unknown_fields_are_kept_at_every_level_and_written_back()
    {
        var json = PaymentSample();
        json["risk_score"] = 12;
        json["amounts"]!["total_disputed"] = 0;
        json["order"]!["marketplace"] = new JObject { ["id"] = "mp-1", ["fees"] = new JArray(1, 2) };
        json["captured_at"] = "2024-08-25T10:42:59.123+02:00";

        var payment = RawClientHarness.FromJson<Payment>(json);

        Assert.That(payment.AdditionalProperties.Keys, Is.SupersetOf(new[] { "risk_score", "captured_at" }));
        Assert.That(payment.Amounts!.AdditionalProperties.Keys, Does.Contain("total_disputed"));
        JsonAssert.AreEquivalent(json, RawClientHarness.ToJson(payment));
        Assert.That(
            RawClientHarness.ToJson(payment)["captured_at"]!.ToString(),
            Is.EqualTo("2024-08-25T10:42:59.123+02:00"),
            "a date in an unknown field keeps its exact text and offset"
        );
    }

    [Test]
    public void Null_or_missing_optional_fields_deserialise_to_null()
    {
        var json = PaymentSample();
        json["customer"] = null;
        json["amounts"] = null;
        json["capture_mode"] = null;
        json["created_at"] = null;
        json["version"] = null;
        json.Remove("order");
        json.Remove("split");

        var payment = RawClientHarness.FromJson<Payment>(json);

        Assert.Multiple(() =>
        {
            Assert.That(payment.Customer, Is.Null);
            Assert.That(payment.Amounts, Is.Null);
            Assert.That(payment.CaptureMode, Is.Null);
            Assert.That(payment.CreatedAt, Is.Null);
            Assert.That(payment.Version, Is.Null);
            Assert.That(payment.Order, Is.Null);
            Assert.That(payment.Split, Is.Null);
        });
    }

    [Test]
    public void Date_times_keep_their_offset()
    {
        var session = RawClientHarness.FromJson<ClientSession>(
            SpecDocument.Current.Operation("getClientSession").ResponseExample()
        );

        Assert.That(
            session.ExpiresAt,
            Is.EqualTo(new DateTimeOffset(2024, 8, 25, 10, 42, 59, 123, TimeSpan.FromHours(2)))
        );
        Assert.That(session.ExpiresAt!.Value.Offset, Is.EqualTo(TimeSpan.FromHours(2)));
    }

    [Test]
    public void An_enum_sent_as_a_number_is_kept_as_text_and_an_object_is_a_json_error_naming_the_path()
    {
        var json = PaymentSample();
        json["capture_mode"] = 2;
        Assert.That(RawClientHarness.FromJson<Payment>(json).CaptureMode!.Value.Value, Is.EqualTo("2"));

        json["capture_mode"] = new JObject();
        var error = Assert.Throws<JsonSerializationException>(() => RawClientHarness.FromJson<Payment>(json));
        Assert.That(error!.Message, Does.Contain("CaptureMode").And.Contain("capture_mode"));
    }

    [Test]
    public void A_default_enum_value_reads_as_empty_not_null()
    {
        var status = default(AuthorizationStatus);
        Assert.Multiple(() =>
        {
            Assert.That(status.Value, Is.Empty);
            Assert.That(status.IsKnown, Is.False);
            Assert.That(AuthorizationStatus.Known, Has.Count.EqualTo(5));
        });
    }
}
