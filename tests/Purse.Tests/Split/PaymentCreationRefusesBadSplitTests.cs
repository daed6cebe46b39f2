using System.Net;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Split;

/// <summary>
/// A payment whose split is wrong never reaches Purse: MockHttp records no request at all.
/// </summary>
/// <remarks>Goes through the real facade (<c>IPurseClient.Payments.CreateAsync</c>) over MockHttp.</remarks>
public sealed class PaymentCreationRefusesBadSplitTests
{
    private static Task<Payment> CreatePaymentAsync(
        FacadeHarness harness,
        CreatePaymentRequest request,
        CancellationToken cancellationToken
    ) => harness.Client.Payments.CreateAsync(request, cancellationToken);

    private static (FacadeHarness Harness, CreatePaymentRequest Request) ReferencePayment()
    {
        var op = SpecDocument.Current.Operation("createPayment");
        var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, new Uri(FacadeHarness.BaseAddress, "payment/v2/payments").AbsoluteUri)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.Created, op.ResponseExample().ToString()));
        var json = (JObject)op.RequestExample();
        json.Remove("split");
        return (
            harness,
            RawClientHarness.FromJson<CreatePaymentRequest>(json).SetAmount(Money.FromMajorUnits(42.99m, Currency.Eur))
        );
    }

    [Test]
    public async Task A_split_that_sums_to_the_amount_is_sent_as_typed()
    {
        var (harness, request) = ReferencePayment();
        using var _ = harness;
        request.SetSplit(
            SplitCandidates
                .New(Money.FromMajorUnits(30m, Currency.Eur), "adyen", "creditcard")
                .SetVaultFormToken("vft_1"),
            SplitCandidates.Duplicate(
                Money.FromMajorUnits(12.99m, Currency.Eur),
                Guid.Parse("6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23")
            )
        );

        await CreatePaymentAsync(harness, request, CancellationToken.None);

        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1));
        var sent = harness.ApiRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(sent.Uri.AbsolutePath, Is.EqualTo(SpecDocument.Current.Operation("createPayment").Path));
            Assert.That(sent.ContentType, Is.EqualTo("application/json"));
            var body = JsonAssert.Parse(sent.Body);
            Assert.That((long)body["amount"]!, Is.EqualTo(4299));
            Assert.That((string)body["currency"]!, Is.EqualTo("EUR"));
            JsonAssert.AreEquivalent(
                JArray.Parse(
                    """
                    [ { "amount": 3000, "partner": "adyen", "method": "creditcard", "vault_form_token": "vft_1" },
                      { "amount": 1299, "partner_transaction_id": "6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23" } ]
                    """
                ),
                body["split"]!
            );
        });
    }

    [Test]
    public void A_split_that_does_not_sum_to_the_amount_is_refused_and_nothing_is_sent()
    {
        var (harness, request) = ReferencePayment();
        using var _ = harness;
        request.SetSplit(
            SplitCandidates.New(Money.FromMajorUnits(30m, Currency.Eur), "adyen", "creditcard"),
            SplitCandidates.New(Money.FromMajorUnits(12.98m, Currency.Eur), "stripe", "creditcard")
        );

        var error = Assert.ThrowsAsync<PurseInvalidRequestException>(() =>
            CreatePaymentAsync(harness, request, CancellationToken.None)
        );

        Assert.That(error!.Field, Is.EqualTo("split"));
        Assert.That(harness.Requests, Is.Empty, "a request reached the network (token or API): the bad split was sent");
    }

    [Test]
    public void A_split_in_another_currency_is_refused_and_nothing_is_sent()
    {
        var (harness, request) = ReferencePayment();
        using var _ = harness;
        request.SetSplit(SplitCandidates.New(Money.FromMinorUnits(4299, Currency.Usd), "adyen", "creditcard"));

        var error = Assert.ThrowsAsync<PurseInvalidRequestException>(() =>
            CreatePaymentAsync(harness, request, CancellationToken.None)
        );

        Assert.That(error!.Field, Is.EqualTo("split[0].amount"));
        Assert.That(harness.Requests, Is.Empty);
    }
}
