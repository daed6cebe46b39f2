using System.Net;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Documented;

/// <summary>
/// What the facade does with what Purse's public docs (docs.purse.tech) say beyond the rendered
/// reference: the abort endpoint, the production host, payment links, hosted page links, the
/// operations' priority list, authorize_pending and the docs' split item.
/// </summary>
public sealed class DocumentedOperationsTests
{
    private static readonly Guid Id = FacadeSamples.PaymentId;

    [Test]
    public async Task Abort_posts_to_the_documented_abort_endpoint_with_the_status()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, $"*/payment/v2/client-sessions/{Id}/abort")
            .Respond("application/json", FacadeSamples.Example("abortClientSession"));

        var session = await harness.Client.ClientSessions.AbortAsync(Id);

        var sent = harness.ApiRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(session.Status, Is.EqualTo(ClientSessionStatus.AbortedByMerchant));
            Assert.That(
                $"{sent.Method} {sent.Uri.AbsolutePath}",
                Is.EqualTo($"POST /payment/v2/client-sessions/{Id}/abort")
            );
            Assert.That(sent.Headers["Authorization"], Does.StartWith("Bearer "));
            Assert.That(sent.ContentType, Is.EqualTo("application/json"));
            JsonAssert.AreEquivalent(JToken.Parse("""{"status":"ABORTED_BY_MERCHANT"}"""), JsonAssert.Parse(sent.Body));
        });
    }

    [Test]
    public async Task Production_sends_api_and_token_requests_to_api_purse_live_com()
    {
        using var harness = new FacadeHarness(
            o =>
            {
                o.BaseAddress = null;
                o.TokenEndpoint = null;
                o.Environment = PurseEnvironment.Production;
            },
            defaultTokenEndpoint: false
        );
        harness.Mock.When(HttpMethod.Post, "https://api.purse-live.com/oauth/token").Respond(_ => harness.IssueToken());
        harness
            .Mock.When(HttpMethod.Get, $"https://api.purse-live.com/payment/v2/payments/{Id}")
            .Respond("application/json", FacadeSamples.PaymentJson);

        await harness.Client.Payments.GetAsync(Id);

        Assert.That(
            harness.Requests.Select(r => $"{r.Method} {r.Uri}"),
            Is.EqualTo(
                new[]
                {
                    "POST https://api.purse-live.com/oauth/token",
                    $"GET https://api.purse-live.com/payment/v2/payments/{Id}",
                }
            )
        );
    }

    [Test]
    public async Task Create_payment_link_posts_the_request_and_reads_the_hosted_page()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, "*/payment/v2/payment-links")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.Example("createPaymentLink"));
        var request = FacadeSamples.Request<CreatePaymentLinkRequest>("createPaymentLink");
        request.EntityId = Guid.Empty; // filled from the options

        var link = await harness.Client.PaymentLinks.CreateAsync(request);

        var sent = harness.ApiRequests.Single();
        var body = JsonAssert.Parse(sent.Body);
        Assert.Multiple(() =>
        {
            Assert.That($"{sent.Method} {sent.Uri.AbsolutePath}", Is.EqualTo("POST /payment/v2/payment-links"));
            Assert.That(sent.Headers["x-api-key"], Is.Not.Empty);
            Assert.That((string?)body["entity_id"], Is.EqualTo(FacadeHarness.EntityId.ToString()));
            foreach (var field in new[] { "amount", "currency", "shopper_redirection_url", "order" })
            {
                Assert.That(body[field], Is.Not.Null, field);
            }
            Assert.That(link.Status, Is.EqualTo(PaymentLinkStatus.Opened));
            Assert.That(
                link.HostedPageUrl,
                Is.EqualTo(
                    new Uri((string)JToken.Parse(FacadeSamples.Example("createPaymentLink"))["links"]!["hosted_page"]!)
                )
            );
        });
    }

    private static IEnumerable<TestCaseData> PaymentLinksRefusedBeforeSending()
    {
        static TestCaseData Case(string name, Action<CreatePaymentLinkRequest> spoil, string field) =>
            new TestCaseData(spoil, field).SetName($"Payment link {name}");
        yield return Case("without amount", r => r.Amount = 0, "amount");
        yield return Case("without currency", r => r.Currency = default, "currency");
        yield return Case(
            "without shopper_redirection_url",
            r => r.ShopperRedirectionUrl = null!,
            "shopper_redirection_url"
        );
        yield return Case(
            "with a relative shopper_redirection_url",
            r => r.ShopperRedirectionUrl = new Uri("/back", UriKind.Relative),
            "shopper_redirection_url"
        );
        yield return Case("without order", r => r.Order = null!, "order");
    }

    [TestCaseSource(nameof(PaymentLinksRefusedBeforeSending))]
    public async Task A_payment_link_missing_a_documented_required_field_is_refused_before_sending(
        Action<CreatePaymentLinkRequest> spoil,
        string field
    )
    {
        using var harness = new FacadeHarness();
        var request = FacadeSamples.Request<CreatePaymentLinkRequest>("createPaymentLink");
        spoil(request);

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.PaymentLinks.CreateAsync(request)
        );

        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(harness.Requests, Is.Empty, "not even a token request");
    }

    [Test]
    public async Task A_payment_link_without_entity_is_refused_when_the_options_have_none()
    {
        using var harness = new FacadeHarness(o => o.EntityId = null);
        var request = FacadeSamples.Request<CreatePaymentLinkRequest>("createPaymentLink");
        request.EntityId = Guid.Empty;

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.PaymentLinks.CreateAsync(request)
        );

        Assert.That(error.Field, Is.EqualTo("entity_id"));
        Assert.That(harness.Requests, Is.Empty);
    }

    [TestCase(
        "\"https://pay.purse-sandbox.com/entities/e/sessions/s\"",
        TestName = "Hosted page as a plain URL string (documented)"
    )]
    [TestCase(
        "{\"href\":\"https://pay.purse-sandbox.com/entities/e/sessions/s\",\"method\":\"GET\"}",
        TestName = "Hosted page as an href object"
    )]
    public async Task A_client_session_gives_its_hosted_page_url_from_either_link_shape(string hostedPage)
    {
        using var harness = new FacadeHarness();
        var session = JObject.Parse(FacadeSamples.Example("getClientSession"));
        session["id"] = Id; // the session asked for
        session["integration_mode"] = "HOSTED_PAGE";
        session["links"] = JObject.Parse(
            $$"""{"self":{"href":"/payment/v2/client-sessions/x","method":"GET"},"hosted_page":{{hostedPage}}}"""
        );
        harness
            .Mock.When(HttpMethod.Get, $"*/payment/v2/client-sessions/{Id}")
            .Respond("application/json", session.ToString());

        var read = await harness.Client.ClientSessions.GetAsync(Id);

        Assert.That(read.HostedPageUrl, Is.EqualTo(new Uri("https://pay.purse-sandbox.com/entities/e/sessions/s")));
        JsonAssert.AreEquivalent(
            session["links"]!,
            JToken.Parse(JsonConvert.SerializeObject(read.Links, PurseJson.Settings))
        );
    }

    [Test]
    public async Task An_embedded_client_session_has_no_hosted_page()
    {
        using var harness = new FacadeHarness();
        var session = JObject.Parse(FacadeSamples.Example("getClientSession"));
        session["id"] = Id; // the session asked for
        harness
            .Mock.When(HttpMethod.Get, $"*/payment/v2/client-sessions/{Id}")
            .Respond("application/json", session.ToString());

        var read = await harness.Client.ClientSessions.GetAsync(Id);

        Assert.That(read.HostedPageUrl, Is.Null);
    }

    [Test]
    public async Task Capture_sends_the_documented_priority_list()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, $"*/payment/v2/payments/{Id}/captures")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.PaymentJson);
        var options = new PaymentOperationOptions
        {
            Priorities = OperationPriorities
                .Create()
                .ThenMethod("creditcard")
                .ThenAllOthers()
                .ThenPartner("illicado")
                .Build(),
        };

        await harness.Client.Payments.CaptureAsync(Id, Money.FromMinorUnits(1000, Currency.Eur), options);

        // The example of https://docs.purse.tech/docs/references/glossary/payment/operations.
        JsonAssert.AreEquivalent(
            JToken.Parse(
                """
                {"amount":1000,"priorities":[{"partner":"*","method":"creditcard"},{"partner":"*","method":"*"},
                 {"partner":"illicado","method":"*"}]}
                """
            ),
            JsonAssert.Parse(harness.ApiRequests.Single().Body)
        );
    }

    [Test]
    public async Task Without_priorities_no_list_is_sent()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, $"*/payment/v2/payments/{Id}/refunds")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.PaymentJson);

        await harness.Client.Payments.RefundAsync(Id, Money.FromMinorUnits(10, Currency.Eur));

        Assert.That(JsonAssert.Parse(harness.ApiRequests.Single().Body)["priorities"], Is.Null);
    }

    [Test]
    public void A_blank_priority_entry_is_refused_naming_it()
    {
        var error = Assert.Throws<PurseInvalidRequestException>(() =>
            OperationPriorities.Create().ThenMethod("creditcard").Then(" ", "giftcard")
        )!;

        Assert.That(error.Field, Is.EqualTo("priorities[1].partner"));
    }

    [Test]
    public async Task A_hand_built_priority_list_with_a_blank_is_refused_before_sending()
    {
        using var harness = new FacadeHarness();
        var options = new PaymentOperationOptions
        {
            Priorities = [new OperationPriority { Partner = "*", Method = "" }],
        };

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.Payments.VoidAsync(Id, Money.FromMinorUnits(10, Currency.Eur), options)
        );

        Assert.That(error.Field, Is.EqualTo("priorities[0].method"));
        Assert.That(harness.Requests, Is.Empty);
    }

    [Test]
    public void Authorize_pending_is_typed_money_in_the_payment_currency()
    {
        var payment = RawClientHarness.FromJson<Payment>(JObject.Parse(FacadeSamples.PaymentJson));
        payment.Amounts!.AuthorizePending = 1250;

        Assert.That(payment.GetAuthorizePending(), Is.EqualTo(Money.FromMinorUnits(1250, Currency.Eur)));
    }

    [Test]
    public async Task The_docs_split_item_without_amount_partner_or_method_is_sent()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, "*/payment/v2/payments")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.PaymentJson);
        var request = FacadeSamples.Request<CreatePaymentRequest>("createPayment");
        request.Split =
        [
            new NewAuthorizationCandidate
            {
                VaultFormToken = "vault-token",
                ThreeDsAuthenticationOptions = new PaymentThreeDsAuthenticationOptions
                {
                    ChallengeIndicator = "NO_CHALLENGE_REQUESTED",
                },
            },
        ];

        await harness.Client.Payments.CreateAsync(request);

        JsonAssert.AreEquivalent(
            JToken.Parse(
                """
                [{"vault_form_token":"vault-token",
                  "three_ds_authentication_options":{"challenge_indicator":"NO_CHALLENGE_REQUESTED"}}]
                """
            ),
            JsonAssert.Parse(harness.ApiRequests.Single().Body)["split"]!
        );
    }

    [Test]
    public async Task Present_amounts_that_leave_nothing_for_an_item_without_amount_are_refused_before_sending()
    {
        using var harness = new FacadeHarness();
        var request = FacadeSamples.Request<CreatePaymentRequest>("createPayment");
        request.Split =
        [
            SplitCandidates.New(Money.FromMinorUnits(request.Amount, request.Currency), "adyen", "creditcard"),
            new NewAuthorizationCandidate { VaultFormToken = "vault-token" },
        ];

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.Payments.CreateAsync(request)
        );

        Assert.That(error.Field, Is.EqualTo("split"));
        Assert.That(harness.Requests, Is.Empty);
    }
}
