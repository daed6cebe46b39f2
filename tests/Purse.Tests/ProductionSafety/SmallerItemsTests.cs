using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.ProductionSafety;

/// <summary>The smaller defects of the production-safety issue, each reproduced.</summary>
public sealed class SmallerItemsTests
{
    private static readonly string PaymentUrl = FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [TestCase("EUR\n")]
    [TestCase("EUR\r\n")]
    [TestCase(" EUR")]
    public void A_currency_code_with_a_line_break_or_space_is_refused(string code)
    {
        Assert.That(() => Money.FromMinorUnits(500, new Currency(code)), Throws.ArgumentException.With.Message.Contains("ISO 4217"));
        Assert.That(() => Money.Parse($"5.00 {code}"), Throws.InstanceOf<Exception>());
    }

    [Test]
    public async Task A_refund_given_a_payment_without_currency_is_refused_before_sending()
    {
        using var harness = new FacadeHarness();
        var payment = Payment();
        payment.Currency = null;

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.Payments.RefundAsync(payment, Money.FromMinorUnits(100, Currency.Eur)));

        Assert.That(error.Message, Does.Contain("currency"));
        Assert.That(harness.Requests, Is.Empty, "nothing sent, not even a token request");
    }

    [Test]
    public async Task A_payment_read_that_answers_another_payment_is_refused()
    {
        using var harness = new FacadeHarness();
        var other = JObject.Parse(FacadeSamples.PaymentJson);
        var otherId = Guid.NewGuid();
        other["id"] = otherId;
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", other.ToString());

        var error = await FacadeHarness.ThrowsAsync<PurseResponseException>(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId));

        Assert.That(error.Message, Does.Contain(otherId.ToString()).And.Contain(FacadeSamples.PaymentId.ToString()));
    }

    [Test]
    public async Task A_capture_that_answers_another_payment_is_refused()
    {
        using var harness = new FacadeHarness();
        var other = JObject.Parse(FacadeSamples.PaymentJson);
        other["id"] = Guid.NewGuid();
        harness.Mock.When(HttpMethod.Post, PaymentUrl + "/captures").Respond(HttpStatusCode.Created, "application/json", other.ToString());

        // The answer says nothing about this capture: it is not used, and the capture's outcome is unknown.
        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.Client.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(100, Currency.Eur)));
        Assert.That(error.InnerException, Is.InstanceOf<PurseResponseException>());
    }

    [Test]
    public async Task Invalid_options_fail_at_start_and_at_first_use_not_when_the_client_is_resolved()
    {
        await using var provider = new ServiceCollection()
            .AddPurseClient(o => o.ApiKey = SecretLeakGuard.ApiKey)
            .BuildServiceProvider();

        IPurseClient? client = null;
        Assert.That(() => client = provider.GetRequiredService<IPurseClient>(), Throws.Nothing, "resolving does not validate");
        Assert.That(() => provider.GetRequiredService<IStartupValidator>().Validate(), Throws.InstanceOf<OptionsValidationException>(), "host start does");
        var error = Assert.ThrowsAsync<OptionsValidationException>(() => client!.Payments.GetAsync(FacadeSamples.PaymentId))!;
        SecretLeakGuard.Record(error);
        Assert.That(error.Failures, Does.Contain("Purse option 'ClientId' is required."));
        Assert.That(() => client!.Redirection.VerifyAsync("a.b.c"), Throws.InstanceOf<Exception>(), "the verifier too");
    }

    private static Payment Payment() => Newtonsoft.Json.JsonConvert.DeserializeObject<Payment>(FacadeSamples.PaymentJson, Purse.Models.Serialization.PurseJson.Settings)!;
}
