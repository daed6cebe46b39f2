using System.Net;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Resources;

/// <summary>What each facade method sends: method, path, headers, body.</summary>
public sealed class ResourceTests
{
    private static readonly Guid Id = FacadeSamples.PaymentId;
    private static readonly string PaymentUrl = FacadeHarness.BaseAddress + $"payment/v2/payments/{Id}";
    private static readonly Guid OtherEntity = Guid.Parse("0b7f8d2e-4c1a-4e7b-8f2d-3a4b5c6d7e8f");

    [Test]
    public async Task Create_client_session_sends_the_request_with_the_configured_entity_filled_in()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, "*/payment/v2/client-sessions")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.Example("createClientSession"));
        var request = FacadeSamples.Request<CreateClientSessionRequest>("createClientSession");
        request.EntityId = Guid.Empty;

        var session = await harness.Client.ClientSessions.CreateAsync(request);

        var sent = harness.ApiRequests.Single();
        var expected = FacadeSamples.RequestExample("createClientSession");
        expected["entity_id"] = FacadeHarness.EntityId.ToString();
        Assert.That(sent.ContentType, Is.EqualTo("application/json"));
        JsonAssert.AreEquivalent(expected, JsonAssert.Parse(sent.Body));
        Assert.That(session.Id, Is.EqualTo((Guid)JToken.Parse(FacadeSamples.Example("createClientSession"))["id"]!));
    }

    [Test]
    public async Task A_request_entity_is_kept_and_without_any_entity_nothing_is_sent()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, "*/payment/v2/eligible-solutions")
            .Respond("application/json", FacadeSamples.Example("checkEligibleSolutions"));
        var request = FacadeSamples.Request<EligibleSolutionsRequest>("checkEligibleSolutions");
        request.EntityId = OtherEntity;

        await harness.Client.EligibleSolutions.CheckAsync(request);
        Assert.That(
            (string?)JToken.Parse(harness.ApiRequests.Single().Body)["entity_id"],
            Is.EqualTo(OtherEntity.ToString())
        );

        using var noEntity = new FacadeHarness(o => o.EntityId = null);
        request.EntityId = Guid.Empty;
        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            noEntity.Client.EligibleSolutions.CheckAsync(request)
        );
        Assert.That(error.Field, Is.EqualTo("entity_id"));
        Assert.That(noEntity.Requests, Is.Empty);
    }

    [Test]
    public async Task Get_payment_with_a_max_age_sends_cache_control()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Get, $"*/payment/v2/payments/{Id}")
            .Respond("application/json", FacadeSamples.PaymentJson);

        await harness.Client.Payments.GetAsync(Id, TimeSpan.FromSeconds(90.7));
        await harness.Client.Payments.GetAsync(Id);

        var sent = harness.ApiRequests.ToList();
        Assert.That(sent[0].Headers["Cache-Control"], Is.EqualTo("max-age=90"));
        Assert.That(sent[1].Headers.ContainsKey("Cache-Control"), Is.False);
    }

    [TestCase("captures")]
    [TestCase("refunds")]
    [TestCase("voids")]
    public async Task Operations_send_the_amount_in_minor_units_and_the_options(string operation)
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, $"*/payment/v2/payments/{Id}/{operation}")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.PaymentJson);
        var amount = Money.FromMinorUnits(1250, Currency.Eur);
        var options = new PaymentOperationOptions { MerchantReference = "CAP#1223445" };
        var payments = harness.Client.Payments;

        var payment = operation switch
        {
            "captures" => await payments.CaptureAsync(Id, amount, options),
            "refunds" => await payments.RefundAsync(Id, amount, options),
            _ => await payments.VoidAsync(Id, amount, options),
        };

        Assert.That(payment.Id, Is.EqualTo(Id));
        JsonAssert.AreEquivalent(
            JToken.Parse("""{"amount":1250,"merchant_reference":"CAP#1223445"}"""),
            JsonAssert.Parse(harness.ApiRequests.Single().Body)
        );
    }

    [Test]
    public async Task Abort_sends_aborted_by_merchant_by_default()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, $"*/payment/v2/client-sessions/{Id}/abort")
            .Respond("application/json", FacadeSamples.Example("abortClientSession"));

        await harness.Client.ClientSessions.AbortAsync(Id);
        await harness.Client.ClientSessions.AbortAsync(Id, ClientSessionAbortStatus.AbortedByCustomer);

        Assert.That(
            harness.ApiRequests.Select(r => r.Body),
            Is.EqualTo(new[] { """{"status":"ABORTED_BY_MERCHANT"}""", """{"status":"ABORTED_BY_CUSTOMER"}""" })
        );
    }

    private static IEnumerable<TestCaseData> RefusedBeforeSending()
    {
        var eur = Currency.Eur;
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(c => c.Payments.CaptureAsync(Id, Money.FromMinorUnits(0, eur))),
            "amount"
        ).SetName("Zero capture");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(c => c.Payments.RefundAsync(Id, Money.FromMinorUnits(-5, eur))),
            "amount"
        ).SetName("Negative refund");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(c => c.Payments.VoidAsync(Id, default)),
            "amount"
        ).SetName("Default money");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(c => c.Payments.GetAsync(Guid.Empty)),
            "paymentId"
        ).SetName("Empty payment id");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(c => c.Payments.GetAsync(Id, TimeSpan.FromSeconds(-1))),
            "maxAge"
        ).SetName("Negative max age");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(c => c.ClientSessions.GetAsync(Guid.Empty)),
            "clientSessionId"
        ).SetName("Empty client session id");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(c => c.PaymentLinks.GetAsync(Guid.Empty)),
            "paymentLinkId"
        ).SetName("Empty payment link id");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(
                c =>
                    c.ClientSessions.CreateAsync(
                        Without<CreateClientSessionRequest>("createClientSession", "shopper_redirection_url")
                    )
            ),
            "shopper_redirection_url"
        ).SetName("Client session without its required return URL");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(
                c =>
                    c.EligibleSolutions.CheckAsync(Without<EligibleSolutionsRequest>("checkEligibleSolutions", "order"))
            ),
            "order"
        ).SetName("Eligible solutions without the required order");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(
                c => c.Payments.CreateAsync(Without<CreatePaymentRequest>("createPayment", "order"))
            ),
            "order"
        ).SetName("Payment without the required order");
    }

    /// <summary>The spec's request example of <paramref name="operationId"/> with one required field set to
    /// null.</summary>
    private static T Without<T>(string operationId, string field)
        where T : class
    {
        var request = RawClientHarness.FromJson<T>(SpecDocument.Current.Operation(operationId).RequestExample());
        var contract = (JsonObjectContract)
            JsonSerializer.Create(PurseJson.Settings).ContractResolver.ResolveContract(typeof(T));
        contract.Properties.GetClosestMatchProperty(field)!.ValueProvider!.SetValue(request, null);
        return request;
    }

    [TestCaseSource(nameof(RefusedBeforeSending))]
    public async Task Bad_input_is_refused_before_anything_is_sent(Func<IPurseClient, Task> call, string field)
    {
        using var harness = new FacadeHarness();

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() => call(harness.Client));

        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(harness.Requests, Is.Empty, "not even a token request");
    }

    [Test]
    public async Task Operations_given_the_payment_check_currency_and_available_amount_first()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, "*")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.PaymentJson);
        var payment = FacadeSamples.EurPayment(1000, 0, 1000);
        var payments = harness.Client.Payments;

        var wrongCurrency = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            payments.CaptureAsync(payment, Money.FromMinorUnits(100, Currency.Usd))
        );
        var tooMuch = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            payments.CaptureAsync(payment, Money.FromMinorUnits(1001, Currency.Eur))
        );
        var nothingToRefund = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            payments.RefundAsync(payment, Money.FromMinorUnits(1, Currency.Eur))
        );
        Assert.That(harness.Requests, Is.Empty);

        await payments.CaptureAsync(payment, Money.FromMinorUnits(1000, Currency.Eur));
        await payments.VoidAsync(payment, Money.FromMinorUnits(10, Currency.Eur));

        Assert.Multiple(() =>
        {
            Assert.That(wrongCurrency.Field, Is.EqualTo("amount.currency"));
            Assert.That(wrongCurrency.Message, Does.Contain("EUR").And.Contain("USD"));
            Assert.That(tooMuch.Message, Does.Contain("10.01 EUR").And.Contain("available_to_capture (10.00 EUR)"));
            Assert.That(nothingToRefund.Message, Does.Contain("available_to_refund (0.00 EUR)"));
            Assert.That(
                harness.ApiRequests.Select(r => r.Uri.AbsolutePath),
                Is.EqualTo(
                    new[] { $"/payment/v2/payments/{payment.Id}/captures", $"/payment/v2/payments/{payment.Id}/voids" }
                )
            );
        });
    }

    [Test]
    public async Task Refusals_of_an_amount_given_as_money_speak_money()
    {
        // Issue 22: the caller passed 12.50 EUR and read "1250 minor units is more than ... (1000)".
        using var harness = new FacadeHarness();
        var payment = FacadeSamples.EurPayment(1000, 0, 1000);
        var payments = harness.Client.Payments;

        var tooMuch = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            payments.CaptureAsync(payment, Money.FromMajorUnits(12.50m, Currency.Eur))
        );
        var wrongCurrency = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            payments.RefundAsync(payment, Money.FromMajorUnits(12.50m, Currency.Usd))
        );
        var zero = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            payments.VoidAsync(payment, Money.FromMinorUnits(0, Currency.Eur))
        );

        Assert.Multiple(() =>
        {
            Assert.That(
                tooMuch.Message,
                Does.Contain("12.50 EUR").And.Contain("10.00 EUR").And.Not.Contain("minor units")
            );
            Assert.That(wrongCurrency.Message, Does.Contain("12.50 USD"));
            Assert.That(zero.Message, Does.Contain("0.00 EUR").And.Not.Contain("minor units"));
        });
    }

    [Test]
    public async Task The_jwks_fetcher_reads_the_signing_keys_with_the_api_key()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Get, "*/payment/v2/signing-jwks")
            .Respond("application/json", FacadeSamples.Example("getSigningJwks"));
        var fetcher =
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IJwksFetcher>(
                harness.Services
            );

        var jwks = await fetcher.FetchAsync(CancellationToken.None);

        var expectedKids = JToken.Parse(FacadeSamples.Example("getSigningJwks"))["keys"]!.Select(k =>
            (string?)k["kid"]
        );
        Assert.That(jwks.Keys.Select(k => k.Kid), Is.EqualTo(expectedKids));
        Assert.That(harness.ApiRequests.Single().Headers["x-api-key"], Is.EqualTo(SecretLeakGuard.ApiKey));
    }

    [Test]
    public async Task A_refund_given_a_payment_without_currency_is_refused_before_sending()
    {
        using var harness = new FacadeHarness();
        var payment = FacadeSamples.PaymentExample();
        payment.Currency = null;

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.Payments.RefundAsync(payment, Money.FromMinorUnits(100, Currency.Eur))
        );

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

        var error = await FacadeHarness.ThrowsAsync<PurseResponseException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(error.Message, Does.Contain(otherId.ToString()).And.Contain(FacadeSamples.PaymentId.ToString()));
    }

    [Test]
    public async Task A_capture_that_answers_another_payment_is_refused()
    {
        using var harness = new FacadeHarness();
        var other = JObject.Parse(FacadeSamples.PaymentJson);
        other["id"] = Guid.NewGuid();
        harness
            .Mock.When(HttpMethod.Post, PaymentUrl + "/captures")
            .Respond(HttpStatusCode.Created, "application/json", other.ToString());

        // The answer says nothing about this capture: it is not used, and the capture's outcome is unknown.
        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.Client.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(100, Currency.Eur))
        );
        Assert.That(error.InnerException, Is.InstanceOf<PurseResponseException>());
    }
}
