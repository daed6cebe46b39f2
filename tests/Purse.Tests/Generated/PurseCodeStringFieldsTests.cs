using System.Net;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Generated;

/// <summary>
/// <c>redirection.form</c> and <c>authentication.challenge_data</c> are strings, as Purse's own front-end code types
/// them (drift record 2026-12-07-purse-code). Purse may still send an object there (the spec's earlier guess): the
/// payment must read all the same, the value kept as its JSON text, never a JsonSerializationException.
/// </summary>
public sealed class PurseCodeStringFieldsTests
{
    private const string Form =
        """<form method="POST" action="https://acs.example/3ds">"""
        + """<input type="hidden" name="creq" value="abc"/></form>""";

    private const string Blob = "eyJhY3NVcmwiOiJodHRwczovL2Fjcy5leGFtcGxlIn0";

    /// <summary>The spec's capture sample: a payment with a redirection and an authentication.</summary>
    private static JObject PaymentSample() =>
        (JObject)SpecDocument.Current.Operation("capturePayment").ResponseExample();

    [Test]
    public void The_form_and_the_challenge_blob_read_as_the_strings_purse_sends()
    {
        var json = PaymentSample();
        json["redirection"]!["form"] = Form;
        json["authentication"]!["challenge_data"] = Blob;

        var payment = RawClientHarness.FromJson<Payment>(json);

        Assert.Multiple(() =>
        {
            Assert.That(payment.Redirection!.Form, Is.EqualTo(Form), "the HTML form, usable as is");
            Assert.That(payment.Authentication!.ChallengeData, Is.EqualTo(Blob));
        });
        JsonAssert.AreEquivalent(json, RawClientHarness.ToJson(payment), "written back unchanged");
    }

    [TestCase("""{"creq":"eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6IjhhODgwZGMwIn0","PaReq":"abc"}""")]
    [TestCase("""[{"name":"creq","value":"abc"}]""")]
    public void An_object_or_array_where_the_spec_says_string_is_kept_as_its_json_text(string structured)
    {
        var json = PaymentSample();
        json["redirection"]!["form"] = JToken.Parse(structured);
        json["authentication"]!["challenge_data"] = JToken.Parse(structured);

        var payment = RawClientHarness.FromJson<Payment>(json);

        Assert.Multiple(() =>
        {
            Assert.That(
                JToken.Parse(payment.Redirection!.Form!),
                Is.EqualTo(JToken.Parse(structured)).Using(JToken.EqualityComparer)
            );
            Assert.That(
                JToken.Parse(payment.Authentication!.ChallengeData!),
                Is.EqualTo(JToken.Parse(structured)).Using(JToken.EqualityComparer)
            );
            Assert.That(
                payment.Redirection.Href,
                Is.EqualTo(new Uri("https://acs.purse-sandbox.com/3ds/challenge")),
                "the other fields are read as usual"
            );
            Assert.That(payment.Authentication.Eci, Is.EqualTo("05"));
        });
    }

    [Test]
    public async Task Reading_a_payment_whose_form_is_an_object_through_the_client_does_not_fail()
    {
        using var harness = new FacadeHarness();
        var json = PaymentSample();
        json["id"] = FacadeSamples.PaymentId.ToString();
        json["redirection"]!["form"] = new JObject { ["creq"] = "abc" };
        harness
            .Mock.When(HttpMethod.Get, FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}")
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, json.ToString(Formatting.None)));

        var payment = await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None);

        Assert.That(payment.Redirection!.Form, Is.EqualTo("""{"creq":"abc"}"""));
    }

    [Test]
    public void A_webhook_whose_challenge_data_is_an_object_still_parses()
    {
        using var harness = new FacadeHarness();
        var json = PaymentSample();
        json["authentication"]!["challenge_data"] = new JObject { ["acsUrl"] = "https://acs.example" };

        var payment = harness.Client.Webhooks.Parse(json.ToString());

        Assert.That(payment.Authentication!.ChallengeData, Is.EqualTo("""{"acsUrl":"https://acs.example"}"""));
    }
}
