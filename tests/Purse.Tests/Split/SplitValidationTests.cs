using Newtonsoft.Json.Linq;
using Purse.Models;

namespace Purse.Tests.Split;

/// <summary>A split that cannot be right is refused before sending, naming the field.</summary>
public sealed class SplitValidationTests
{
    private static readonly Guid EarlierTransaction = Guid.Parse("6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a23");

    private static Money Eur(decimal major) => Money.FromMajorUnits(major, Currency.Eur);

    private static CreatePaymentRequest Payment(Money amount, params SplitCandidate[] parts) =>
        new CreatePaymentRequest { EntityId = Guid.NewGuid() }
            .SetAmount(amount)
            .SetSplit(parts);

    private static PurseInvalidRequestException Refused(CreatePaymentRequest request) =>
        Assert.Throws<PurseInvalidRequestException>(() => SplitValidation.Validate(request))!;

    [Test]
    public void A_split_of_every_variant_that_sums_to_the_amount_passes()
    {
        var request = Payment(
            Eur(42.99m),
            SplitCandidates.New(Eur(20m), "uspmock", "primary").SetThreeDsServerTransId("3ds-1"),
            SplitCandidates.Duplicate(Eur(10m), EarlierTransaction),
            SplitCandidates.ForeignByPartnerTransaction(Eur(8m), "adyen", "creditcard", "QFQTPCQ8HXSKGK82"),
            SplitCandidates.ForeignBySchemeTransaction(Eur(4.99m), "stripe", "creditcard", "MCC0123456789")
        );

        Assert.That(() => SplitValidation.Validate(request), Throws.Nothing);
    }

    [Test]
    public void A_payment_without_split_passes()
    {
        Assert.That(() => SplitValidation.Validate(new CreatePaymentRequest().SetAmount(Eur(1m))), Throws.Nothing);
    }

    [Test]
    public void Parts_that_do_not_sum_to_the_amount_are_refused_with_both_totals()
    {
        var error = Refused(
            Payment(
                Eur(42.99m),
                SplitCandidates.New(Eur(40m), "adyen", "creditcard"),
                SplitCandidates.Duplicate(Eur(2.98m), EarlierTransaction)
            )
        );

        Assert.That(error.Field, Is.EqualTo("split"));
        Assert.That(error.Message, Does.Contain("42.98 EUR").And.Contain("42.99 EUR"));
    }

    [Test]
    public void A_part_in_another_currency_is_refused_even_when_the_numbers_add_up()
    {
        var error = Refused(
            Payment(
                Eur(42.99m),
                SplitCandidates.New(Eur(40m), "adyen", "creditcard"),
                SplitCandidates.New(Money.FromMajorUnits(2.99m, Currency.Usd), "stripe", "creditcard")
            )
        );

        Assert.That(error.Field, Is.EqualTo("split[1].amount"));
        Assert.That(error.Message, Does.Contain("2.99 USD").And.Contain("EUR"));
    }

    [Test]
    public void Yen_parts_of_a_yen_payment_are_whole_yen()
    {
        var yen = Money.FromMajorUnits(4299m, Currency.Jpy);
        var halves = yen.Allocate(2);

        Assert.That(
            () =>
                SplitValidation.Validate(
                    Payment(
                        yen,
                        SplitCandidates.New(halves[0], "adyen", "creditcard"),
                        SplitCandidates.New(halves[1], "stripe", "creditcard")
                    )
                ),
            Throws.Nothing
        );
        Assert.That(halves.Select(h => h.MinorUnits), Is.EqualTo(new long[] { 2150, 2149 }));
    }

    [Test]
    public void Two_parts_with_a_3DS_server_transaction_id_are_refused_at_the_second()
    {
        var error = Refused(
            Payment(
                Eur(30m),
                SplitCandidates.New(Eur(10m), "adyen", "creditcard").SetThreeDsServerTransId("a"),
                SplitCandidates.Duplicate(Eur(10m), EarlierTransaction),
                SplitCandidates.New(Eur(10m), "stripe", "creditcard").SetThreeDsServerTransId("b")
            )
        );

        Assert.That(error.Field, Is.EqualTo("split[2].three_ds_server_trans_id"));
        Assert.That(error.Message, Does.Contain("split[0]"));
    }

    [Test]
    public void A_3DS_id_on_an_unknown_item_counts_too()
    {
        var error = Refused(
            Payment(
                Eur(20m),
                SplitCandidates.New(Eur(10m), "adyen", "creditcard").SetThreeDsServerTransId("a"),
                new UnknownSplitCandidate(
                    JObject.Parse("""{ "amount": 1000, "voucher": "v", "three_ds_server_trans_id": "b" }""")
                )
            )
        );

        Assert.That(error.Field, Is.EqualTo("split[1].three_ds_server_trans_id"));
    }

    [Test]
    public void A_part_below_one_minor_unit_is_refused()
    {
        var part = SplitCandidates.New(Eur(10m), "adyen", "creditcard");
        part.Amount = 0;

        Assert.That(
            Refused(Payment(Eur(10m), SplitCandidates.New(Eur(10m), "a", "b"), part)).Field,
            Is.EqualTo("split[1].amount")
        );
        Assert.That(
            () => SplitCandidates.New(Eur(0m), "adyen", "creditcard"),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("amount")
        );
    }

    [Test]
    public void Null_parts_empty_splits_and_unknown_items_without_amount_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                Refused(Payment(Eur(10m), SplitCandidates.New(Eur(10m), "a", "b"), null!)).Field,
                Is.EqualTo("split[1]")
            );
            Assert.That(Refused(Payment(Eur(10m))).Field, Is.EqualTo("split"));
            Assert.That(
                Refused(Payment(Eur(10m), new UnknownSplitCandidate(JObject.Parse("""{ "voucher": "v" }""")))).Field,
                Is.EqualTo("split[0].amount")
            );
        });
    }

    [Test]
    public void A_typed_part_missing_a_required_text_field_is_refused()
    {
        var part = SplitCandidates.ForeignBySchemeTransaction(Eur(10m), "adyen", "creditcard", "MCC1");
        part.ForeignSchemeTransactionId = "";

        Assert.That(Refused(Payment(Eur(10m), part)).Field, Is.EqualTo("split[0].foreign_scheme_transaction_id"));
    }

    [Test]
    public void A_part_without_amount_finds_no_room_in_the_smallest_payment_amount()
    {
        var request = Payment(
            Money.FromMinorUnits(long.MinValue, Currency.Eur),
            new NewAuthorizationCandidate { Partner = "adyen", Method = "creditcard" }
        );

        Assert.That(Refused(request).Field, Is.EqualTo("split"));
    }

    [Test]
    public void Parts_whose_sum_overflows_are_refused_not_wrapped()
    {
        var huge = Money.FromMinorUnits(long.MaxValue, Currency.Eur);
        var request = Payment(Eur(1m), SplitCandidates.New(huge, "a", "b"), SplitCandidates.New(huge, "c", "d"));

        Assert.That(Refused(request).Field, Is.EqualTo("split"));
    }
}
