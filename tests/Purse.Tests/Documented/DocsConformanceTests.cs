using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Tests.Redirection;
using Purse.Tests.Support;

namespace Purse.Tests.Documented;

/// <summary>
/// Fixtures written from the examples of Purse's public docs (each with its page): the generated and
/// hand-written types read them without loss and write them back identically.
/// </summary>
public sealed class DocsConformanceTests
{
    private static T Read<T>(string json) => JsonConvert.DeserializeObject<T>(json, PurseJson.Settings)!;

    private static void RoundTrips<T>(string json)
    {
        var written = JsonConvert.SerializeObject(Read<T>(json), PurseJson.Settings);
        JsonAssert.AreEquivalent(JsonAssert.Parse(json), JsonAssert.Parse(written), $"{typeof(T).Name} written back");
    }

    // https://docs.purse.tech/docs/integrate/purse-api/tutorials/payment-operations ("Amounts", example).
    private const string Amounts = """
        {"authorize_pending":0,"total_authorized":4200,"total_captured":4200,"available_to_capture":0,
         "total_refunded":0,"available_to_refund":4200,"total_voided":0,"available_to_void":0}
        """;

    // Same page ("Split", example: Ingenico credit card 100 EUR, Illicado gift card 20 EUR), in a payment (id added).
    private const string Split = """
        {"id":"9a14962c-bdcf-49d1-8673-e75dfb48013f","split":[{"partner":"ingenico","method":"creditcard",
         "amount":10000},{"partner":"illicado","method":"giftcard","amount":2000}]}
        """;

    // https://docs.purse.tech/docs/integrate/purse-api/additional-features/advanced-flow/create-payment (request
    // example).
    private const string CreatePayment = """
        {"entity_id":"5e3a0862-7cc3-4427-92ba-9e1e9595f571","amount":4999,"currency":"EUR",
         "order":{"reference":"order-456","net_amount":4999,"tax_amount":833},
         "split":[{"vault_form_token":"VAULT_FORM_TOKEN",
         "three_ds_authentication_options":{"challenge_indicator":"NO_CHALLENGE_REQUESTED"}}],
         "browser":{"user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
         "accept_header":"text/html","color_depth":32,"java_enabled":false,"javascript_enabled":true,"locale":"fr-FR",
         "screen_height":1080,"screen_width":1920,"utc_time_zone":60}}
        """;

    // https://docs.purse.tech/docs/integrate/purse-api/tutorials/webhooks ("Webhook Payload Example"; the stored page
    // shows its first fields, completed here with the amounts example of the payment-operations tutorial).
    private const string WebhookPayload = """
        {"id":"9a14962c-bdcf-49d1-8673-e75dfb48013f","version":7,"created_at":"2020-08-25T10:42:59.123+02:00",
         "entity_id":"89a237d0-20f9-438e-b46c-3993c46b7bbe","amount":4299,"currency":"EUR",
         "client_session_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6",
         "amounts":{"authorize_pending":0,"total_authorized":4299,"total_captured":0,"available_to_capture":4299,
         "total_refunded":0,"available_to_refund":0,"total_voided":0,"available_to_void":4299}}
        """;

    // https://docs.purse.tech/docs/integrate/purse-checkout/hosted-page: links.hosted_page is the page URL.
    private const string HostedPage =
        "https://pay.purse-sandbox.com/entities/5e3a0862-7cc3-4427-92ba-9e1e9595f571"
        + "/sessions/9753ec77-fc16-4886-92af-c7dcf9b7352d";
    private const string HostedPageAsString = $$"""{"hosted_page":"{{HostedPage}}"}""";
    private const string HostedPageAsObject = $$$"""{"hosted_page":{"href":"{{{HostedPage}}}","method":"GET"}}""";

    // https://docs.purse.tech/docs/references/glossary/api/client-session (the client session's order; addresses left
    // out): the item lines are in the shipment, and net_amount is the payable total (the session's amount, 12000).
    private const string GlossaryOrder = """
        {"reference":"JLA123457","net_amount":12000,"discount_amount":500,"tax_amount":2000,
         "shipments":[{"net_amount":12000,"estimated_delivery_date_time":"2023-10-30T13:40:00Z",
           "item_lines":[{"type":"PHYSICAL","sku_reference":"34526718","name":"Chaussette","brand":"Naine",
             "unit_gross_price":5000,"net_amount":12000,"quantity":2,"tax_amount":2000,"tax_rate":20,
             "seller_reference":"#42-ACME","seller_name":"Acme Corp","is_marketplace_seller":true}]}]}
        """;

    [Test]
    public void The_glossary_order_reads_with_its_item_lines_in_the_shipment()
    {
        var order = Read<Order>(GlossaryOrder);

        var line = order.Shipments!.Single().ItemLines!.Single();
        Assert.Multiple(() =>
        {
            Assert.That((line.Name, line.Quantity, line.TaxRate), Is.EqualTo(("Chaussette", (int?)2, (double?)20)));
            Assert.That(line.GetUnitGrossPrice(Currency.Eur), Is.EqualTo(Money.FromMajorUnits(50m, Currency.Eur)));
            Assert.That(order.GetNetAmount(Currency.Eur), Is.EqualTo(Money.FromMajorUnits(120m, Currency.Eur)));
            Assert.That(
                order.Shipments!.Single().AdditionalProperties,
                Is.Empty,
                "nothing of the shipment is left untyped"
            );
        });
        RoundTrips<Order>(GlossaryOrder);
    }

    [Test]
    public void The_documented_amounts_with_authorize_pending_round_trip()
    {
        RoundTrips<PaymentAmounts>(Amounts);
        Assert.That(Read<PaymentAmounts>(Amounts).AuthorizePending, Is.EqualTo(0));
    }

    [Test]
    public void The_documented_split_round_trips_as_new_authorizations()
    {
        var payment = Read<Payment>(Split);

        Assert.That(payment.Split!.Select(s => s.GetType()), Is.All.EqualTo(typeof(NewAuthorizationCandidate)));
        Assert.That(
            payment.Split!.Cast<NewAuthorizationCandidate>().Select(s => (s.Partner, s.Method, s.Amount)),
            Is.EqualTo(new[] { ("ingenico", "creditcard", 10000L), ("illicado", "giftcard", 2000L) })
        );
        RoundTrips<Payment>(Split);
    }

    [Test]
    public void The_documented_create_payment_request_round_trips_and_passes_the_split_rules()
    {
        var request = Read<CreatePaymentRequest>(CreatePayment);

        Assert.That(
            request.Split!.Single(),
            Is.TypeOf<NewAuthorizationCandidate>().And.Property(nameof(SplitCandidate.HasAmount)).False
        );
        Assert.DoesNotThrow(() => SplitValidation.Validate(request));
        RoundTrips<CreatePaymentRequest>(CreatePayment);
    }

    [Test]
    public void The_documented_webhook_payload_round_trips()
    {
        using var harness = new FacadeHarness();
        var payment = harness.Client.Webhooks.Parse(WebhookPayload);

        Assert.That(
            (payment.Id, payment.GetAuthorizePending()),
            Is.EqualTo((Guid.Parse("9a14962c-bdcf-49d1-8673-e75dfb48013f"), Money.FromMinorUnits(0, Currency.Eur)))
        );
        RoundTrips<Payment>(WebhookPayload);
    }

    [TestCase(HostedPageAsString, TestName = "A hosted page link as the documented URL string round-trips")]
    [TestCase(HostedPageAsObject, TestName = "A hosted page link as an href object round-trips")]
    public void A_hosted_page_link_round_trips_in_its_shape(string links)
    {
        var session = Read<ClientSession>($$"""{"id":"9753ec77-fc16-4886-92af-c7dcf9b7352d","links":{{links}}}""");

        Assert.That(session.HostedPageUrl, Is.EqualTo(new Uri(HostedPage)));
        RoundTrips<Links>(links);
    }

    [Test]
    public async Task The_documented_JWKS_shape_kty_e_n_kid_verifies_a_JWS_whose_header_kid_is_a_UUID()
    {
        // https://docs.purse.tech/docs/references/glossary/payment/redirection (as the team's FACTS.md records it):
        // keys carry kty, e, n and kid only; the JWS header's kid is a UUID.
        const string kid = "8ad8ce62-4b0c-4f5e-9a51-3c6b2d7e1f90";
        using var key = TestSigningKey.Rsa(kid);
        var documented = new JObject
        {
            ["keys"] = new JArray(
                new JObject
                {
                    ["kty"] = "RSA",
                    ["e"] = key.PublicJwk["e"],
                    ["n"] = key.PublicJwk["n"],
                    ["kid"] = kid,
                }
            ),
        }.ToString(Formatting.None);
        RoundTrips<Jwks>(documented);

        var keys = Purse.SigningKeys.From(Read<Jwks>(documented));
        var token = key.Sign(
            new Dictionary<string, object> { ["payment_id"] = "9a14962c-bdcf-49d1-8673-e75dfb48013f" }
        );
        var header = HandMadeJws.Decode(token.Split('.')[0]);

        Assert.Multiple(() =>
        {
            Assert.That(keys.Skipped, Is.Empty, "a key without alg or use is usable");
            Assert.That(Guid.TryParse((string?)header["kid"], out _), Is.True);
        });
        Assert.That(keys.TryGet((string)header["kid"]!, out var jwk), Is.True);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(
            token,
            new TokenValidationParameters
            {
                IssuerSigningKey = jwk,
                ValidateIssuer = false,
                ValidateAudience = false,
                ValidateLifetime = false,
                RequireExpirationTime = false,
            }
        );
        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
    }
}
