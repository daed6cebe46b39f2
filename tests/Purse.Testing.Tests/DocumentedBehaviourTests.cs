using System.Net;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>
/// The emulator on what Purse's public docs say beyond the rendered reference: the abort endpoint,
/// links.hosted_page, creating a payment link, a split item without amount (the docs' example).
/// Every exchange is checked against the spec by the harness's conformance handler.
/// </summary>
internal sealed class DocumentedBehaviourTests : EmulatorHarness
{
    private CreateClientSessionRequest SessionRequest(IntegrationMode? mode) =>
        new()
        {
            EntityId = Emulator.EntityId,
            Amount = 4299,
            Currency = Currency.Eur,
            IntegrationMode = mode,
            ShopperRedirectionUrl = new Uri("https://shop.example/back"),
            Order = Order(),
        };

    [Test]
    public async Task A_hosted_page_session_carries_links_hosted_page_as_a_plain_url()
    {
        using var response = await SendAsync(
            HttpMethod.Post,
            "/payment/v2/client-sessions",
            SessionRequest(IntegrationMode.HostedPage)
        );
        var json = JObject.Parse(await response.Content.ReadAsStringAsync());
        var session = json.ToObject<ClientSession>(
            Newtonsoft.Json.JsonSerializer.Create(Purse.Models.Serialization.PurseJson.Settings)
        )!;

        var hostedPage = json["links"]!["hosted_page"]!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(hostedPage.Type, Is.EqualTo(JTokenType.String));
            Assert.That(
                (string)hostedPage!,
                Is.EqualTo($"https://pay.purse-emulator.invalid/entities/{Emulator.EntityId}/sessions/{session.Id}")
            );
            Assert.That(session.HostedPageUrl, Is.EqualTo(new Uri((string)hostedPage!)));
        });
    }

    [Test]
    public async Task An_embedded_session_has_no_hosted_page()
    {
        using var response = await SendAsync(HttpMethod.Post, "/payment/v2/client-sessions", SessionRequest(null));
        var session = await ReadAsync<ClientSession>(response);

        Assert.That(session.HostedPageUrl, Is.Null);
    }

    [Test]
    public async Task The_old_patch_abort_is_not_served()
    {
        using var created = await SendAsync(HttpMethod.Post, "/payment/v2/client-sessions", SessionRequest(null));
        var session = await ReadAsync<ClientSession>(created);

        using var patch = await SendAsync(
            HttpMethod.Patch,
            $"/payment/v2/client-sessions/{session.Id}",
            new AbortClientSessionRequest { Status = ClientSessionAbortStatus.AbortedByMerchant }
        );

        Assert.That((int)patch.StatusCode, Is.AnyOf(404, 405));
    }

    [Test]
    public async Task A_payment_link_is_created_opened_with_its_hosted_page_and_read_back()
    {
        var request = new CreatePaymentLinkRequest
        {
            EntityId = Emulator.EntityId,
            Amount = 12000,
            Currency = Currency.Eur,
            ShopperRedirectionUrl = new Uri("https://shop.example/back"),
            Order = Order(netAmount: 12000),
        };

        using var created = await SendAsync(HttpMethod.Post, "/payment/v2/payment-links", request);
        var link = await ReadAsync<PaymentLink>(created);
        using var read = await SendAsync(HttpMethod.Get, $"/payment/v2/payment-links/{link.Id}");
        var again = await ReadAsync<PaymentLink>(read);

        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(
                (link.Status, link.Amount, link.Currency),
                Is.EqualTo(((PaymentLinkStatus?)PaymentLinkStatus.Opened, (long?)12000, (Currency?)Currency.Eur))
            );
            Assert.That(
                link.HostedPageUrl,
                Is.EqualTo(
                    new Uri($"https://pay.purse-emulator.invalid/entities/{Emulator.EntityId}/payment-links/{link.Id}")
                )
            );
            Assert.That(again.Id, Is.EqualTo(link.Id));
        });
    }

    [Test]
    public async Task A_payment_link_without_order_gets_400_naming_it()
    {
        var body = new JObject
        {
            ["entity_id"] = Emulator.EntityId.ToString(),
            ["amount"] = 12000,
            ["currency"] = "EUR",
            ["shopper_redirection_url"] = "https://shop.example/back",
        };

        using var response = await SendAsync(HttpMethod.Post, "/payment/v2/payment-links", body.ToString());

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Select(e => e.Detail), Has.Some.Contains("order"));
    }

    [Test]
    public async Task The_docs_split_item_without_amount_partner_or_method_pays_the_whole_amount()
    {
        var request = PaymentRequest(4299);
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

        var payment = await CreatePaymentAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(
                payment.Authorization!.PartnerTransactions!.Select(t => t.Amount),
                Is.EqualTo(new long?[] { 4299 })
            );
            Assert.That(payment.Amounts!.TotalAuthorized, Is.EqualTo(4299));
        });
    }
}
