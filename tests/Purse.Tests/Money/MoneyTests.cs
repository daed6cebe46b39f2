using System.Globalization;
using Purse.Models;

// Not Purse.Tests.Money: a namespace of that name would hide the Purse.Money type from every test.
namespace Purse.Tests.Amounts;

/// <summary>The cases where payment amounts usually go wrong, one by one.</summary>
public sealed class MoneyTests
{
    [TestCase("42.99", "EUR", 4299)]
    [TestCase("4299", "JPY", 4299)]
    [TestCase("0.01", "USD", 1)]
    [TestCase("-1.5", "GBP", -150)]
    [TestCase("42.990", "EUR", 4299)]
    [TestCase("1.234", "KWD", 1234)]
    [TestCase("12.34", "SEK", 1234)]
    public void A_major_amount_becomes_exact_minor_units(string major, string currency, long expectedMinorUnits)
    {
        var money = Money.FromMajorUnits(decimal.Parse(major, CultureInfo.InvariantCulture), new Currency(currency));

        Assert.That(money.MinorUnits, Is.EqualTo(expectedMinorUnits));
        Assert.That(money.Currency.Value, Is.EqualTo(currency));
    }

    [Test]
    public void Four_thousand_yen_are_not_multiplied_by_a_hundred()
    {
        var yen = Money.FromMajorUnits(4299m, Currency.Jpy);

        Assert.That(yen.MinorUnits, Is.EqualTo(4299));
        Assert.That(yen.ToMajorUnits(), Is.EqualTo(4299m));
        Assert.That(yen.ToString(), Is.EqualTo("4299 JPY"));
    }

    [TestCase("0.5", "JPY", "JPY allows (0)")]
    [TestCase("12.5", "JPY", "JPY allows (0)")]
    [TestCase("42.999", "EUR", "EUR allows (2)")]
    [TestCase("0.0001", "USD", "USD allows (2)")]
    public void More_decimals_than_the_currency_has_are_refused_not_rounded(
        string major,
        string currency,
        string expectedMessage
    )
    {
        var amount = decimal.Parse(major, CultureInfo.InvariantCulture);

        var error = Assert.Throws<PurseMoneyException>(() => Money.FromMajorUnits(amount, new Currency(currency)));

        Assert.That(error!.Message, Does.Contain(major).And.Contain(expectedMessage).And.Contain("MidpointRounding"));
    }

    [TestCase("42.995", MidpointRounding.ToEven, 4300)]
    [TestCase("42.985", MidpointRounding.ToEven, 4298)]
    [TestCase("42.985", MidpointRounding.AwayFromZero, 4299)]
    [TestCase("42.999", MidpointRounding.ToZero, 4299)]
    [TestCase("-42.985", MidpointRounding.AwayFromZero, -4299)]
    public void Rounding_happens_only_when_asked_for_with_its_mode(string major, MidpointRounding mode, long expected)
    {
        var money = Money.FromMajorUnits(decimal.Parse(major, CultureInfo.InvariantCulture), Currency.Eur, mode);

        Assert.That(money.MinorUnits, Is.EqualTo(expected));
    }

    [Test]
    public void Explicit_rounding_of_yen_rounds_to_whole_yen()
    {
        Assert.That(
            Money.FromMajorUnits(12.5m, Currency.Jpy, MidpointRounding.AwayFromZero).MinorUnits,
            Is.EqualTo(13)
        );
        Assert.That(Money.FromMajorUnits(12.5m, Currency.Jpy, MidpointRounding.ToEven).MinorUnits, Is.EqualTo(12));
    }

    [Test]
    public void Adding_euros_and_dollars_is_refused()
    {
        var euros = Money.FromMinorUnits(100, Currency.Eur);
        var dollars = Money.FromMinorUnits(100, Currency.Usd);

        Assert.Multiple(() =>
        {
            Assert.That(
                () => euros + dollars,
                Throws.TypeOf<PurseMoneyException>().With.Message.Contains("EUR").And.Message.Contains("USD")
            );
            Assert.That(() => euros - dollars, Throws.TypeOf<PurseMoneyException>());
            Assert.That(() => euros.Add(dollars), Throws.TypeOf<PurseMoneyException>());
            Assert.That(() => euros < dollars, Throws.TypeOf<PurseMoneyException>());
            Assert.That(() => euros.CompareTo(dollars), Throws.TypeOf<PurseMoneyException>());
        });
    }

    [Test]
    public void Amounts_of_one_currency_add_subtract_and_compare()
    {
        var a = Money.FromMajorUnits(42.99m, Currency.Eur);
        var b = Money.FromMajorUnits(0.01m, Currency.Eur);

        Assert.Multiple(() =>
        {
            Assert.That(a + b, Is.EqualTo(Money.FromMinorUnits(4300, Currency.Eur)));
            Assert.That(b.Subtract(a), Is.EqualTo(Money.FromMinorUnits(-4298, Currency.Eur)));
            Assert.That(-a, Is.EqualTo(Money.FromMinorUnits(-4299, Currency.Eur)));
            Assert.That(a > b && b < a && a >= b && b <= a && a >= Money.FromMinorUnits(4299, Currency.Eur), Is.True);
            Assert.That(new[] { a, b }.Order().ToArray(), Is.EqualTo(new[] { b, a }));
            Assert.That(
                a,
                Is.Not.EqualTo(Money.FromMinorUnits(4299, Currency.Usd)),
                "same minor units, other currency"
            );
        });
    }

    [Test]
    public void Overflow_is_an_error_not_a_wrap()
    {
        var max = Money.FromMinorUnits(long.MaxValue, Currency.Eur);
        var min = Money.FromMinorUnits(long.MinValue, Currency.Eur);
        var one = Money.FromMinorUnits(1, Currency.Eur);

        Assert.Multiple(() =>
        {
            Assert.That(
                () => max + one,
                Throws.TypeOf<PurseMoneyException>().With.InnerException.TypeOf<OverflowException>()
            );
            Assert.That(() => min - one, Throws.TypeOf<PurseMoneyException>());
            Assert.That(() => -min, Throws.TypeOf<PurseMoneyException>());
            Assert.That(
                () => Money.FromMajorUnits(decimal.MaxValue, Currency.Eur),
                Throws.TypeOf<PurseMoneyException>()
            );
            Assert.That(
                () => Money.FromMajorUnits(92233720368547758.08m, Currency.Eur),
                Throws.TypeOf<PurseMoneyException>().With.Message.Contains("64-bit")
            );
        });
    }

    [Test]
    [SetCulture("fr-FR")]
    public void Text_is_culture_invariant_under_a_French_culture()
    {
        Assert.That(
            1234.5m.ToString("N2", CultureInfo.CurrentCulture),
            Does.Contain(","),
            "the French culture must really be in force for this test to mean anything"
        );
        var money = Money.FromMajorUnits(1234.5m, Currency.Eur);

        var text = money.ToString();

        Assert.Multiple(() =>
        {
            Assert.That(text, Is.EqualTo("1234.50 EUR"));
            Assert.That(Money.Parse(text), Is.EqualTo(money));
            Assert.That($"{Money.FromMinorUnits(-5, Currency.Usd)}", Is.EqualTo("-0.05 USD"));
            Assert.That(Money.Parse("4299 JPY"), Is.EqualTo(Money.FromMinorUnits(4299, Currency.Jpy)));
            Assert.That(Money.TryParse("1234,50 EUR", out _), Is.False, "a decimal comma is not the invariant format");
        });
    }

    [TestCase("42.99EUR")]
    [TestCase("42.99 eur")]
    [TestCase("EUR 42.99")]
    [TestCase("1,234.50 EUR")]
    [TestCase("42.999 EUR")]
    [TestCase("0.5 JPY")]
    [TestCase("")]
    [TestCase("99999999999999999999999999999999 EUR")]
    public void Text_that_is_not_an_exact_amount_is_refused(string text)
    {
        Assert.That(() => Money.Parse(text), Throws.TypeOf<PurseMoneyException>());
        Assert.That(Money.TryParse(text, out _), Is.False);
    }

    // Issue 21, item 9: decimal.Parse keeps 28 or 29 significant digits and rounds the rest away, silently.
    [TestCase("0.10000000000000000000000000001 EUR")]
    [TestCase("42.99000000000000000000000000000000001 EUR")]
    [TestCase("0.000000000000000000000000000004 EUR")]
    [TestCase("7.0000000000000000000000000000000000000001 JPY")]
    public void Text_with_more_decimals_than_decimal_holds_is_refused_not_rounded(string text)
    {
        Assert.That(() => Money.Parse(text), Throws.TypeOf<PurseMoneyException>().With.Message.Contains("decimals"));
        Assert.That(Money.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Trailing_zeros_beyond_what_decimal_holds_are_still_exact()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                Money.Parse("42.9900000000000000000000000000000000000000 EUR"),
                Is.EqualTo(Money.FromMinorUnits(4299, Currency.Eur))
            );
            Assert.That(
                Money.Parse("-7.000000000000000000000000000000000 JPY"),
                Is.EqualTo(Money.FromMinorUnits(-7, Currency.Jpy))
            );
        });
    }

    [Test]
    public void A_currency_without_a_known_exponent_works_in_minor_units_only()
    {
        var gold = new Currency("XAU");
        var invented = new Currency("QQQ");

        var money = Money.FromMinorUnits(4299, invented) + Money.FromMinorUnits(1, invented);

        Assert.Multiple(() =>
        {
            Assert.That(money.MinorUnits, Is.EqualTo(4300));
            Assert.That(money.ToString(), Is.EqualTo("4300 QQQ (minor units)"));
            Assert.That(
                () => money.ToMajorUnits(),
                Throws.TypeOf<PurseMoneyException>().With.Message.Contains("'QQQ'")
            );
            Assert.That(
                () => Money.FromMajorUnits(1m, gold),
                Throws.TypeOf<PurseMoneyException>().With.Message.Contains("'XAU'")
            );
            Assert.That(() => Money.Parse("1 XAU"), Throws.TypeOf<PurseMoneyException>());
            Assert.That(CurrencyExponent.TryGet(gold, out _), Is.False);
        });
    }

    [Test]
    public void Every_currency_of_the_spec_has_its_ISO_exponent()
    {
        var exponents = Currency.Known.ToDictionary(c => c.Value, CurrencyExponent.Of);

        Assert.That(
            exponents,
            Is.EquivalentTo(
                new Dictionary<string, int>
                {
                    ["CHF"] = 2,
                    ["EUR"] = 2,
                    ["GBP"] = 2,
                    ["JPY"] = 0,
                    ["USD"] = 2,
                }
            )
        );
    }

    [TestCase("")]
    [TestCase("eur")]
    [TestCase("EURO")]
    [TestCase("E1")]
    public void A_currency_code_that_is_not_three_capital_letters_is_refused(string code)
    {
        Assert.That(
            () => Money.FromMinorUnits(1, new Currency(code)),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("currency")
        );
    }

    [TestCase("EUR\n")]
    [TestCase("EUR\r\n")]
    [TestCase(" EUR")]
    public void A_currency_code_with_a_line_break_or_space_is_refused(string code)
    {
        Assert.That(
            () => Money.FromMinorUnits(500, new Currency(code)),
            Throws.ArgumentException.With.Message.Contains("ISO 4217")
        );
        Assert.That(() => Money.Parse($"5.00 {code}"), Throws.InstanceOf<Exception>());
    }

    [Test]
    public void Default_money_has_no_currency_and_is_refused_in_arithmetic()
    {
        Money empty = default;

        Assert.That(() => empty + empty, Throws.TypeOf<PurseMoneyException>().With.Message.Contains("default(Money)"));
        Assert.That(empty.ToString(), Is.EqualTo("(no currency)"));
    }

    [Test]
    public void Allocating_100_cents_in_three_loses_none()
    {
        var parts = Money.FromMinorUnits(100, Currency.Eur).Allocate(3);

        Assert.That(parts.Select(p => p.MinorUnits), Is.EqualTo(new long[] { 34, 33, 33 }));
        Assert.That(parts.Select(p => p.Currency), Is.All.EqualTo(Currency.Eur));
    }

    [Test]
    public void Allocating_by_ratios_gives_left_over_units_to_the_largest_rounding_losses()
    {
        var whole = Money.FromMinorUnits(1000, Currency.Eur);

        Assert.Multiple(() =>
        {
            Assert.That(whole.Allocate(70, 30).Select(p => p.MinorUnits), Is.EqualTo(new long[] { 700, 300 }));
            // 1000 * 1/6 = 166.67, 1000 * 2/6 = 333.33, 1000 * 3/6 = 500: the 1/6 part lost most.
            Assert.That(whole.Allocate(1, 2, 3).Select(p => p.MinorUnits), Is.EqualTo(new long[] { 167, 333, 500 }));
            Assert.That(whole.Allocate(1, 0, 1).Select(p => p.MinorUnits), Is.EqualTo(new long[] { 500, 0, 500 }));
            Assert.That(
                Money.FromMinorUnits(-100, Currency.Eur).Allocate(3).Select(p => p.MinorUnits),
                Is.EqualTo(new long[] { -34, -33, -33 })
            );
            Assert.That(
                Money.FromMinorUnits(5, Currency.Jpy).Allocate(1, 1).Select(p => p.ToString()),
                Is.EqualTo(new[] { "3 JPY", "2 JPY" })
            );
        });
    }

    [Test]
    public void Allocating_with_bad_ratios_is_refused()
    {
        var whole = Money.FromMinorUnits(1000, Currency.Eur);

        Assert.Multiple(() =>
        {
            Assert.That(() => whole.Allocate(0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => whole.Allocate(Array.Empty<long>()), Throws.ArgumentException);
            Assert.That(() => whole.Allocate(0, 0), Throws.ArgumentException.With.Message.Contains("above zero"));
            Assert.That(() => whole.Allocate(1, -1), Throws.ArgumentException.With.Message.Contains("ratios[1]"));
        });
    }
}
