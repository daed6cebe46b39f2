using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Purse.Models;

namespace Purse.Tests.Amounts;

/// <summary>Properties that must hold for every amount, every currency and every split.</summary>
public sealed class MoneyPropertyTests
{
    /// <summary>Any 64-bit value, extremes included (FsCheck's default longs stay small).</summary>
    private static readonly Gen<long> AnyLong = Gen.OneOf(
        ArbMap.Default.GeneratorFor<long>(),
        Gen.Elements(long.MinValue, long.MinValue + 1, -1L, 0L, 1L, long.MaxValue - 1, long.MaxValue),
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        select ((long)high << 32) | (uint)low
    );

    private static readonly Gen<Currency> TableCurrency = Gen.Elements(
        CurrencyExponent.Codes.Select(code => new Currency(code)).ToArray()
    );

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Test]
    public void Minor_to_major_and_back_is_exact_for_every_currency_of_the_table()
    {
        Prop.ForAll(Arb.From(from currency in TableCurrency from minor in AnyLong select (currency, minor)), sample =>
            {
                var money = Purse.Money.FromMinorUnits(sample.minor, sample.currency);
                var major = money.ToMajorUnits();

                return Purse.Money.FromMajorUnits(major, sample.currency) == money
                    && major * Pow10(CurrencyExponent.Of(sample.currency)) == sample.minor
                    && Purse.Money.Parse(money.ToString()) == money;
            })
            .Check(Runs);
    }

    [Test]
    public void Equal_allocation_sums_to_the_whole_and_parts_differ_by_at_most_one_unit()
    {
        Prop.ForAll(Arb.From(from minor in AnyLong from parts in Gen.Choose(1, 60) select (minor, parts)), sample =>
            {
                var whole = Purse.Money.FromMinorUnits(sample.minor, Currency.Eur);
                var allocated = whole.Allocate(sample.parts);
                var amounts = allocated.Select(p => p.MinorUnits).ToList();

                return allocated.Count == sample.parts
                    && Sum(amounts) == sample.minor
                    && amounts.Max() - amounts.Min() <= 1
                    && allocated.All(p => p.Currency == Currency.Eur);
            })
            .Check(Runs);
    }

    [Test]
    public void Allocation_by_ratios_sums_to_the_whole_and_each_part_is_within_one_unit_of_its_share()
    {
        var ratios = Gen.ArrayOf(Gen.Choose(0, 1000).Select(r => (long)r))
            .Where(r => r.Length > 0 && r.Any(x => x > 0));
        Prop.ForAll(Arb.From(from minor in AnyLong from r in ratios select (minor, r)), sample =>
            {
                var allocated = Purse.Money.FromMinorUnits(sample.minor, Currency.Jpy).Allocate(sample.r);
                var ratioSum = sample.r.Sum();

                return Sum(allocated.Select(p => p.MinorUnits)) == sample.minor
                    && allocated
                        .Select(
                            (part, i) =>
                                BigInteger.Abs(
                                    part.MinorUnits * (BigInteger)ratioSum - sample.minor * (BigInteger)sample.r[i]
                                ) < ratioSum
                                && (sample.r[i] != 0 || part.IsZero)
                        )
                        .All(ok => ok);
            })
            .Check(Runs);
    }

    [Test]
    public void Adding_and_subtracting_give_the_exact_result_or_refuse_never_wrap()
    {
        Prop.ForAll(Arb.From(from a in AnyLong from b in AnyLong select (a, b)), sample =>
            {
                var a = Purse.Money.FromMinorUnits(sample.a, Currency.Usd);
                var b = Purse.Money.FromMinorUnits(sample.b, Currency.Usd);

                return IsExactOrRefused(() => a + b, (BigInteger)sample.a + sample.b)
                    && IsExactOrRefused(() => a - b, (BigInteger)sample.a - sample.b)
                    && IsExactOrRefused(() => -a, -(BigInteger)sample.a);
            })
            .Check(Runs);
    }

    private static bool IsExactOrRefused(Func<Purse.Money> operation, BigInteger exact)
    {
        var fits = exact >= long.MinValue && exact <= long.MaxValue;
        try
        {
            var result = operation().MinorUnits;
            return fits && result == exact;
        }
        catch (PurseMoneyException)
        {
            return !fits;
        }
    }

    private static BigInteger Sum(IEnumerable<long> values) => values.Aggregate(BigInteger.Zero, (sum, v) => sum + v);

    private static decimal Pow10(int exponent) => (decimal)Math.Pow(10, exponent);
}
