using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Tests.Support;

namespace Purse.Tests.Split;

/// <summary>Each split candidate is written as the spec describes it and read back by its shape.</summary>
public sealed class SplitCandidateJsonTests
{
    private static readonly Guid EarlierTransaction = Guid.Parse("6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23");

    private static IEnumerable<TestCaseData> EveryVariant()
    {
        var eur = (long minor) => Money.FromMinorUnits(minor, Currency.Eur);
        yield return new TestCaseData(
            SplitCandidates
                .New(eur(2000), "uspmock", "primary")
                .SetVaultFormToken("vft_1")
                .SetWalletToken("wt_1")
                .SetSaveToken(false)
                .SetThreeDsServerTransId("3ds-1")
                .SetThreeDsAuthenticationOptions(
                    new PaymentThreeDsAuthenticationOptions { ChallengeIndicator = "NO_CHALLENGE_REQUESTED" }
                ),
            JObject.Parse(
                """
                { "amount": 2000, "partner": "uspmock", "method": "primary", "vault_form_token": "vft_1",
                 "wallet_token": "wt_1",
                  "save_token": false, "three_ds_server_trans_id": "3ds-1",
                  "three_ds_authentication_options": { "challenge_indicator": "NO_CHALLENGE_REQUESTED" } }
                """
            )
        ).SetArgDisplayNames("new");
        yield return new TestCaseData(
            SplitCandidates.Duplicate(eur(1000), EarlierTransaction),
            JObject.Parse("""{ "amount": 1000, "partner_transaction_id": "6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23" }""")
        ).SetArgDisplayNames("duplicate");
        yield return new TestCaseData(
            SplitCandidates.ForeignByPartnerTransaction(eur(800), "adyen", "creditcard", "QFQTPCQ8HXSKGK82"),
            JObject.Parse(
                """
                { "amount": 800, "partner": "adyen", "method": "creditcard",
                  "foreign_partner_transaction_id": "QFQTPCQ8HXSKGK82" }
                """
            )
        ).SetArgDisplayNames("foreign by partner transaction");
        yield return new TestCaseData(
            SplitCandidates.ForeignBySchemeTransaction(eur(499), "stripe", "creditcard", "MCC0123456789"),
            JObject.Parse(
                """
                { "amount": 499, "partner": "stripe", "method": "creditcard",
                  "foreign_scheme_transaction_id": "MCC0123456789" }
                """
            )
        ).SetArgDisplayNames("foreign by scheme transaction");
    }

    [TestCaseSource(nameof(EveryVariant))]
    public void Each_variant_is_written_as_the_spec_describes_and_read_back_as_itself(
        SplitCandidate candidate,
        JObject expected
    )
    {
        var written = RawClientHarness.ToJson(candidate);
        JsonAssert.AreEquivalent(expected, written);

        var read = RawClientHarness.FromJson<SplitCandidate>(written);

        Assert.That(read, Is.TypeOf(candidate.GetType()));
        JsonAssert.AreEquivalent(expected, RawClientHarness.ToJson(read), "a second round trip loses nothing");
    }

    [Test]
    public void The_reference_payment_split_parses_into_the_right_types_in_order()
    {
        var json = (JObject)SpecDocument.Current.Operation("getPayment").ResponseExample();

        var split = RawClientHarness.FromJson<Payment>(json).Split!.ToList();

        Assert.That(
            split.Select(s => s.GetType()),
            Is.EqualTo(
                new[]
                {
                    typeof(NewAuthorizationCandidate),
                    typeof(DuplicateAuthorizationCandidate),
                    typeof(DuplicateForeignAuthorizationCandidateByPartnerTransaction),
                    typeof(DuplicateForeignAuthorizationCandidateBySchemeTransaction),
                }
            )
        );
        Assert.Multiple(() =>
        {
            Assert.That(split.Select(s => s.Amount), Is.EqualTo(json["split"]!.Select(item => (long)item["amount"]!)));
            var created = (NewAuthorizationCandidate)split[0];
            Assert.That(
                (
                    created.Partner,
                    created.Method,
                    created.SaveToken,
                    created.ThreeDsAuthenticationOptions!.ChallengeIndicator
                ),
                Is.EqualTo(("uspmock", "primary", (bool?)false, "NO_CHALLENGE_REQUESTED"))
            );
            Assert.That(
                ((DuplicateAuthorizationCandidate)split[1]).PartnerTransactionId,
                Is.EqualTo(EarlierTransaction)
            );
            Assert.That(
                ((DuplicateForeignAuthorizationCandidateByPartnerTransaction)split[2]).ForeignPartnerTransactionId,
                Is.EqualTo("QFQTPCQ8HXSKGK82")
            );
            Assert.That(
                ((DuplicateForeignAuthorizationCandidateBySchemeTransaction)split[3]).ForeignSchemeTransactionId,
                Is.EqualTo("MCC0123456789")
            );
        });
        JsonAssert.AreEquivalent(json["split"]!, RawClientHarness.ToJson(split));
    }

    [Test]
    public void Fields_a_response_adds_to_a_known_shape_are_kept()
    {
        var item = JObject.Parse(
            """
            { "amount": 1000, "partner_transaction_id": "6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23", "id": "pt_1",
              "status": "AUTHORIZED" }
            """
        );

        var read = RawClientHarness.FromJson<SplitCandidate>(item);

        Assert.That(read, Is.TypeOf<DuplicateAuthorizationCandidate>());
        Assert.That(
            ((DuplicateAuthorizationCandidate)read).AdditionalProperties.Keys,
            Is.EquivalentTo(new[] { "id", "status" })
        );
        JsonAssert.AreEquivalent(item, RawClientHarness.ToJson(read));
    }

    private static IEnumerable<TestCaseData> UnknownShapes()
    {
        yield return new TestCaseData(
            """
            { "amount": 500, "partner": "adyen", "method": "creditcard", "foreign_partner_transaction_id": "A",
              "foreign_scheme_transaction_id": "B" }
            """
        ).SetArgDisplayNames("two transaction ids");
        yield return new TestCaseData(
            """
            { "amount": 500, "partner_transaction_id": "6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23",
              "foreign_scheme_transaction_id": "B" }
            """
        ).SetArgDisplayNames("own and foreign ids");
        yield return new TestCaseData(
            """{ "amount": 500, "partner": "adyen", "foreign_partner_transaction_id": "A" }"""
        ).SetArgDisplayNames("method missing");
        yield return new TestCaseData(
            """{ "partner_transaction_id": "6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23" }"""
        ).SetArgDisplayNames("amount missing on a duplicate");
        yield return new TestCaseData(
            """{ "amount": "500", "partner": "adyen", "method": "creditcard" }"""
        ).SetArgDisplayNames("amount as a string");
        yield return new TestCaseData(
            """{ "amount": 12.5, "partner": "adyen", "method": "creditcard" }"""
        ).SetArgDisplayNames("fractional amount");
        yield return new TestCaseData(
            """{ "amount": 99999999999999999999, "partner": "adyen", "method": "creditcard" }"""
        ).SetArgDisplayNames("amount beyond 64 bits");
        yield return new TestCaseData(
            """{ "amount": 500, "partner": "adyen", "method": "creditcard", "save_token": "yes" }"""
        ).SetArgDisplayNames("save_token as a string");
        yield return new TestCaseData(
            """{ "amount": 500, "partner_transaction_id": "not-a-uuid" }"""
        ).SetArgDisplayNames("partner transaction id not a uuid");
        yield return new TestCaseData(
            """{ "amount": 500, "partner": ["adyen"], "method": "creditcard" }"""
        ).SetArgDisplayNames("partner as an array");
        yield return new TestCaseData(""" "just text" """).SetArgDisplayNames("not an object");
    }

    [TestCaseSource(nameof(UnknownShapes))]
    public void An_item_of_no_known_shape_is_kept_raw_and_written_back_unchanged(string itemJson)
    {
        var item = JsonAssert.Parse(itemJson);
        var payment = (JObject)SpecDocument.Current.Operation("getPayment").ResponseExample();
        var split = (JArray)payment["split"]!;
        split.Insert(1, item);

        var read = RawClientHarness.FromJson<Payment>(payment);

        var candidates = read.Split!.ToList();
        Assert.That(candidates, Has.Count.EqualTo(split.Count));
        Assert.That(candidates[1], Is.TypeOf<UnknownSplitCandidate>());
        Assert.That(
            candidates.Where((_, i) => i != 1),
            Has.None.TypeOf<UnknownSplitCandidate>(),
            "its neighbours keep their types"
        );
        JsonAssert.AreEquivalent(payment, RawClientHarness.ToJson(read));
        Assert.That(
            JToken.DeepEquals(item, JsonAssert.Parse(JsonConvert.SerializeObject(candidates[1], PurseJson.Settings))),
            Is.True,
            "the item's JSON is the same, token for token"
        );
    }

    private static IEnumerable<TestCaseData> ItemsWithoutTransactionIds()
    {
        // NewAuthorizationCandidate requires nothing (the docs' create-payment example): an item without any
        // transaction id is a new authorization, whatever else it carries (extra fields are kept).
        yield return new TestCaseData(
            """
            { "vault_form_token": "tok_123",
              "three_ds_authentication_options": { "challenge_indicator": "NO_CHALLENGE_REQUESTED" } }
            """
        ).SetArgDisplayNames("the docs' example item");
        yield return new TestCaseData("""{ "partner": "adyen", "method": "creditcard" }""").SetArgDisplayNames(
            "amount missing"
        );
        yield return new TestCaseData(
            """{ "amount": 500, "voucher_code": "GIFT-42", "issuer": "acme" }"""
        ).SetArgDisplayNames("fields Purse added later");
    }

    [TestCaseSource(nameof(ItemsWithoutTransactionIds))]
    public void An_item_without_transaction_ids_is_a_new_authorization_written_back_unchanged(string itemJson)
    {
        var item = JObject.Parse(itemJson);

        var candidate = RawClientHarness.FromJson<SplitCandidate>(item);

        Assert.That(candidate, Is.TypeOf<NewAuthorizationCandidate>());
        Assert.That(candidate.HasAmount, Is.EqualTo(item.ContainsKey("amount")));
        JsonAssert.AreEquivalent(item, JToken.Parse(JsonConvert.SerializeObject(candidate, PurseJson.Settings)));
    }

    [Test]
    public void An_unknown_item_reads_its_amount_when_it_has_an_integer_one()
    {
        var unknown = (UnknownSplitCandidate)
            RawClientHarness.FromJson<SplitCandidate>(
                JObject.Parse(
                    """
                    { "amount": 500, "partner_transaction_id": "6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23",
                      "foreign_scheme_transaction_id": "B" }
                    """
                )
            );
        var noAmount = (UnknownSplitCandidate)
            RawClientHarness.FromJson<SplitCandidate>(
                JObject.Parse(
                    """
                    { "amount": "500", "partner_transaction_id": "6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23",
                      "foreign_scheme_transaction_id": "B" }
                    """
                )
            );

        Assert.That((unknown.HasAmount, unknown.Amount), Is.EqualTo((true, 500L)));
        Assert.That((noAmount.HasAmount, noAmount.Amount), Is.EqualTo((false, 0L)));
    }

    [Test]
    public void A_null_optional_field_is_tolerated_and_the_item_stays_typed()
    {
        var item = JObject.Parse(
            """{ "amount": 500, "partner": "adyen", "method": "creditcard", "vault_form_token": null }"""
        );

        var read = RawClientHarness.FromJson<SplitCandidate>(item);

        Assert.That(read, Is.TypeOf<NewAuthorizationCandidate>());
        Assert.That(((NewAuthorizationCandidate)read).VaultFormToken, Is.Null);
    }

    [Test]
    public void Asking_for_one_variant_when_the_item_is_another_is_a_serialization_error_naming_both()
    {
        var item = JObject.Parse(
            """{ "amount": 1000, "partner_transaction_id": "6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23" }"""
        );

        Assert.That(
            () => RawClientHarness.FromJson<DuplicateForeignAuthorizationCandidate>(item),
            Throws
                .TypeOf<JsonSerializationException>()
                .With.Message.Contains(nameof(DuplicateAuthorizationCandidate))
                .And.Message.Contains(nameof(DuplicateForeignAuthorizationCandidate))
        );
    }
}
