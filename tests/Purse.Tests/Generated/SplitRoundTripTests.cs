using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;

namespace Purse.Tests.Generated;

/// <summary>
/// The split is a oneOf without discriminator; NSwag would keep only the first candidate's
/// fields. Every item must survive whole, typed by its shape (see tests/Purse.Tests/Split for
/// each variant in detail).
/// </summary>
public sealed class SplitRoundTripTests
{
    private static JArray OneOfEachCandidate() =>
        [
            new JObject
            {
                ["amount"] = 1000,
                ["partner"] = "adyen",
                ["method"] = "creditcard",
                ["vault_form_token"] = "vft_123",
                ["save_token"] = true,
                ["three_ds_server_trans_id"] = "3ds-1",
                ["three_ds_authentication_options"] = new JObject
                {
                    ["challenge_indicator"] = "NO_CHALLENGE_REQUESTED",
                },
            },
            new JObject { ["amount"] = 1299, ["partner_transaction_id"] = "0c5b1f0e-2d7b-4a4a-9c39-3f2f0b1f8d11" },
            new JObject
            {
                ["amount"] = 1000,
                ["partner"] = "stripe",
                ["method"] = "creditcard",
                ["foreign_partner_transaction_id"] = "pi_3Nx",
            },
            new JObject
            {
                ["amount"] = 1000,
                ["partner"] = "adyen",
                ["method"] = "creditcard",
                ["foreign_scheme_transaction_id"] = "MCC0001",
                ["extra"] = new JObject { ["x"] = 1 },
            },
        ];

    private static readonly Type[] CandidateTypes =
    [
        typeof(NewAuthorizationCandidate),
        typeof(DuplicateAuthorizationCandidate),
        typeof(DuplicateForeignAuthorizationCandidateByPartnerTransaction),
        typeof(DuplicateForeignAuthorizationCandidateBySchemeTransaction),
    ];

    [Test]
    public void A_payment_request_keeps_every_candidate_whole()
    {
        var json = (JObject)SpecDocument.Current.Operation("createPayment").RequestExample();
        json["amount"] = 4299;
        json["split"] = OneOfEachCandidate();

        var request = RawClientHarness.FromJson<CreatePaymentRequest>(json);

        Assert.That(request.Split!.Select(s => s.GetType()), Is.EqualTo(CandidateTypes));
        JsonAssert.AreEquivalent(json, RawClientHarness.ToJson(request));
    }

    [Test]
    public void A_payment_response_keeps_every_candidate_whole()
    {
        var json = (JObject)SpecDocument.Current.Operation("getPayment").ResponseExample();
        json["split"] = OneOfEachCandidate();

        var payment = RawClientHarness.FromJson<Payment>(json);

        Assert.That(payment.Split!.Select(s => s.GetType()), Is.EqualTo(CandidateTypes));
        Assert.That(
            ((DuplicateForeignAuthorizationCandidate)payment.Split!.Last()).AdditionalProperties.Keys,
            Is.EqualTo(new[] { "extra" })
        );
        JsonAssert.AreEquivalent(json, RawClientHarness.ToJson(payment));
    }

    [Test]
    public void The_reference_payment_sample_holds_one_item_of_each_candidate_shape()
    {
        var split = (JArray)SpecDocument.Current.Operation("getPayment").ResponseExample()["split"]!;
        var shapes = split.Select(item => ((JObject)item).Properties().Select(p => p.Name).ToArray()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(shapes.Count(s => s.Contains("partner_transaction_id")), Is.EqualTo(1));
            Assert.That(shapes.Count(s => s.Contains("foreign_partner_transaction_id")), Is.EqualTo(1));
            Assert.That(shapes.Count(s => s.Contains("foreign_scheme_transaction_id")), Is.EqualTo(1));
            Assert.That(
                shapes.Count(s => s.Contains("partner") && !s.Any(n => n.Contains("transaction_id"))),
                Is.EqualTo(1)
            );
        });
    }
}
