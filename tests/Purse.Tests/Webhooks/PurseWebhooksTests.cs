using System.Net;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;

namespace Purse.Tests.Webhooks;

/// <summary>
/// A webhook body is read like a Get Payment answer and tolerated the same way, but it is only
/// a hint: what counts is the payment re-read from Purse, without any cache.
/// </summary>
public sealed class PurseWebhooksTests
{
    private RawClientHarness _harness = null!;
    private PurseWebhooks _webhooks = null!;

    [SetUp]
    public void SetUp()
    {
        _harness = new RawClientHarness();
        _webhooks = new PurseWebhooks(new RawClientPayments(_harness.Client), () =>
            PurseClientOptions.SandboxWebhookSourceAddresses
        );
    }

    [TearDown]
    public void TearDown() => _harness.Dispose();

    /// <summary>The reference's Get Payment sample: Purse sends the same body to webhooks.</summary>
    private static JObject PaymentSample() => (JObject)SpecDocument.Current.Operation("getPayment").ResponseExample();

    [Test]
    public void The_reference_payment_with_unknown_fields_and_an_unknown_status_parses()
    {
        var body = PaymentSample();
        body["authorization"]!["status"] = "PARTIALLY_AUTHORIZED";
        body["dispute"] = new JObject { ["status"] = "OPENED", ["amount"] = 100 };
        body["amounts"]!["total_disputed"] = 100;

        var payment = _webhooks.Parse(body.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(payment.Id, Is.EqualTo(Guid.Parse((string)body["id"]!)));
            Assert.That(payment.Amount, Is.EqualTo((long)body["amount"]!));
            Assert.That(payment.Authorization!.Status!.Value.Value, Is.EqualTo("PARTIALLY_AUTHORIZED"));
            Assert.That(payment.Authorization.Status.Value.IsKnown, Is.False);
            Assert.That(payment.AdditionalProperties.Keys, Does.Contain("dispute"));
            Assert.That(payment.Amounts!.AdditionalProperties.Keys, Does.Contain("total_disputed"));
        });
        JsonAssert.AreEquivalent(body, RawClientHarness.ToJson(payment), "nothing in the body is lost");
    }

    [Test]
    public void Parsing_gives_the_same_payment_as_get_payment()
    {
        var body = PaymentSample().ToString();

        var fromWebhook = _webhooks.Parse(body);
        var fromGet = RawClientHarness.FromJson<Payment>(JToken.Parse(body));

        JsonAssert.AreEquivalent(RawClientHarness.ToJson(fromGet), RawClientHarness.ToJson(fromWebhook));
    }

    [TestCase("{\"id\": \"9a14962c-bdcf-49d1-8673-e75dfb48013f\", \"amount\": ", "amount")]
    [TestCase("<html><body>502 Bad Gateway</body></html>", "<html>")]
    [TestCase("[{\"id\": \"9a14962c-bdcf-49d1-8673-e75dfb48013f\"}]", "[{")]
    [TestCase("{\"amount\": 4299}", "id")]
    [TestCase("{\"id\": \"not-a-uuid\"}", "not-a-uuid")]
    [TestCase(
        "{\"id\": \"9a14962c-bdcf-49d1-8673-e75dfb48013f\", \"authorization\": {\"status\": {\"nested\": 1}}}",
        "status"
    )]
    [TestCase("{\"id\": \"9a14962c-bdcf-49d1-8673-e75dfb48013f\", \"amount\": \"lots\"}", "lots")]
    public void A_body_that_is_not_a_payment_is_a_typed_error_with_an_excerpt(string body, string excerpt)
    {
        var error = Assert.Throws<PurseWebhookException>(() => _webhooks.Parse(body));

        Assert.That(error!.Message, Does.Contain(excerpt));
        Assert.That(error.InnerException, Is.InstanceOf<JsonException>());
    }

    [TestCase("")]
    [TestCase("  \n")]
    [TestCase("null")]
    [TestCase("{\"id\": \"00000000-0000-0000-0000-000000000000\"}")]
    public void An_empty_body_or_one_naming_no_payment_is_a_typed_error(string body)
    {
        Assert.Throws<PurseWebhookException>(() => _webhooks.Parse(body));
    }

    [Test]
    public void The_excerpt_of_a_large_body_is_bounded()
    {
        var body = PaymentSample();
        body["order"]!["reference"] = new string('x', 5000);
        var broken = body.ToString(Formatting.None)[..4000];

        var error = Assert.Throws<PurseWebhookException>(() => _webhooks.Parse(broken));

        Assert.That(error!.Message.Length, Is.LessThan(400));
    }

    [Test]
    public async Task Verify_by_refetch_sends_one_get_without_max_age_and_returns_purses_state()
    {
        var webhook = PaymentSample();
        webhook["authorization"]!["status"] = "AUTHORIZED";
        var truth = PaymentSample();
        truth["authorization"]!["status"] = "REFUSED";
        _harness.RespondWith(HttpStatusCode.OK, truth.ToString());

        var confirmed = await _webhooks.VerifyByRefetchAsync(_webhooks.Parse(webhook.ToString()));

        Assert.That(_harness.Requests, Has.Count.EqualTo(1));
        var request = _harness.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(request.Uri.AbsolutePath, Is.EqualTo($"/payment/v2/payments/{webhook["id"]}"));
            Assert.That(
                request.Headers.ContainsKey("Cache-Control"),
                Is.False,
                "no max-age: Purse must not answer from a copy"
            );
            Assert.That(request.Body, Is.Empty);
            Assert.That(
                confirmed.Authorization!.Status,
                Is.EqualTo(AuthorizationStatus.Refused),
                "Purse's answer wins over the body"
            );
        });
    }

    [Test]
    public async Task Parse_and_verify_does_both_in_one_call()
    {
        var sample = PaymentSample();
        _harness.RespondWith(HttpStatusCode.OK, sample.ToString());

        var confirmed = await _webhooks.ParseAndVerifyAsync(sample.ToString());

        Assert.That(confirmed.Id, Is.EqualTo(Guid.Parse((string)sample["id"]!)));
        Assert.That(
            _harness.Requests.Select(r => r.Uri.AbsolutePath),
            Is.EqualTo(new[] { $"/payment/v2/payments/{sample["id"]}" })
        );
    }

    [Test]
    public void Parse_and_verify_sends_nothing_for_a_broken_body()
    {
        _harness.RespondWith(HttpStatusCode.OK, PaymentSample().ToString());

        Assert.ThrowsAsync<PurseWebhookException>(() => _webhooks.ParseAndVerifyAsync("{not json"));
        Assert.That(_harness.Requests, Is.Empty);
    }

    [Test]
    public void A_refetch_that_answers_another_payment_does_not_confirm_the_webhook()
    {
        var other = PaymentSample();
        other["id"] = "11111111-2222-3333-4444-555555555555";
        _harness.RespondWith(HttpStatusCode.OK, other.ToString());
        var webhook = _webhooks.Parse(PaymentSample().ToString());

        var error = Assert.ThrowsAsync<PurseWebhookException>(() => _webhooks.VerifyByRefetchAsync(webhook));

        Assert.That(error!.Message, Does.Contain("11111111-2222-3333-4444-555555555555"));
    }

    [Test]
    public void A_payment_purse_does_not_know_is_not_confirmed()
    {
        _harness.RespondWith(
            HttpStatusCode.NotFound,
            "{\"title\":\"Not found\",\"status\":404}",
            "application/problem+json"
        );
        var webhook = _webhooks.Parse(PaymentSample().ToString());

        // The raw client reports it as RawApiException; through the facade it becomes its PurseException subtype.
        var error = Assert.CatchAsync<RawApiException>(() => _webhooks.VerifyByRefetchAsync(webhook));
        Assert.That(error!.StatusCode, Is.EqualTo(404));
        Assert.That(_harness.Requests, Has.Count.EqualTo(1));
    }
}
