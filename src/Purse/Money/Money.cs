using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Purse;

/// <summary>
/// An amount of money: an integer number of the currency's minor units (4299 EUR = 42.99 EUR,
/// 4299 JPY = 4299 JPY) and its currency. Immutable. Arithmetic and comparison work in one
/// currency only and never wrap on overflow; a decimal major amount is accepted only when the
/// currency can hold it exactly (see <see cref="FromMajorUnits(decimal, Currency)"/>).
/// </summary>
public readonly partial record struct Money : IComparable<Money>
{
    // Indexed by exponent: the ISO 4217 table has 0 to 4 decimals.
    private static readonly decimal[] PowersOfTen = [1m, 10m, 100m, 1_000m, 10_000m];

    private Money(long minorUnits, Currency currency) => (MinorUnits, Currency) = (minorUnits, ValidCurrency(currency));

    /// <summary>Creates an amount from minor units, the form every Purse amount takes on the wire.</summary>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is not three upper-case letters.</exception>
    public static Money FromMinorUnits(long minorUnits, Currency currency) => new(minorUnits, currency);

    /// <summary>
    /// Creates an amount from a decimal major amount: 42.99 EUR is 4299 minor units, 4299 JPY is
    /// 4299. An amount with more decimals than the currency has (42.999 EUR, 0.5 JPY) is refused,
    /// never rounded: round explicitly with <see cref="FromMajorUnits(decimal, Currency, MidpointRounding)"/>.
    /// </summary>
    /// <exception cref="PurseMoneyException">Too many decimals, too large, or the currency has no known
    /// exponent.</exception>
    public static Money FromMajorUnits(decimal amount, Currency currency)
    {
        var exponent = CurrencyExponent.Of(ValidCurrency(currency));
        if (decimal.Round(amount, exponent) != amount)
            throw new PurseMoneyException(
                $"{amount.ToString(CultureInfo.InvariantCulture)} {currency.Value} has more decimals than "
                    + $"{currency.Value} allows ({exponent}). It is not rounded silently: call "
                    + "Money.FromMajorUnits(amount, currency, MidpointRounding) to round it."
            );
        // Both the product (above decimal's range) and the conversion (above long's) throw OverflowException.
        return new(
            WithoutOverflow(
                () => (long)(amount * PowersOfTen[exponent]),
                e => new PurseMoneyException(
                    $"{amount.ToString(CultureInfo.InvariantCulture)} {currency.Value} does not fit a 64-bit amount "
                        + "of minor units.",
                    e
                )
            ),
            currency
        );
    }

    /// <summary>
    /// Creates an amount from a decimal major amount, rounding it to the currency's decimals with
    /// <paramref name="rounding"/> (e.g. <see cref="MidpointRounding.ToEven"/>, banker's rounding).
    /// </summary>
    /// <exception cref="PurseMoneyException">Too large, or the currency has no known exponent.</exception>
    public static Money FromMajorUnits(decimal amount, Currency currency, MidpointRounding rounding) =>
        FromMajorUnits(Math.Round(amount, CurrencyExponent.Of(ValidCurrency(currency)), rounding), currency);

    /// <summary>Zero in <paramref name="currency"/>.</summary>
    public static Money Zero(Currency currency) => new(0, currency);

    /// <summary>The amount in the currency's minor unit, as sent to Purse.</summary>
    public long MinorUnits { get; }

    /// <summary>The ISO 4217 currency.</summary>
    public Currency Currency { get; }

    /// <summary>True for zero.</summary>
    public bool IsZero => MinorUnits == 0;

    /// <summary>True above zero.</summary>
    public bool IsPositive => MinorUnits > 0;

    /// <summary>True below zero.</summary>
    public bool IsNegative => MinorUnits < 0;

    /// <summary>The decimal major amount: 4299 EUR is 42.99, 4299 JPY is 4299.</summary>
    /// <exception cref="PurseMoneyException">The currency has no known exponent.</exception>
    public decimal ToMajorUnits() =>
        (decimal)MinorUnits / PowersOfTen[CurrencyExponent.Of(RequireCurrency(this).Currency)];

    /// <summary>The sum of two amounts of one currency.</summary>
    /// <exception cref="PurseMoneyException">Different currencies, or the sum overflows.</exception>
    public Money Add(Money other) => this + other;

    /// <summary>The difference of two amounts of one currency.</summary>
    /// <exception cref="PurseMoneyException">Different currencies, or the difference overflows.</exception>
    public Money Subtract(Money other) => this - other;

    /// <summary>The sum of two amounts of one currency.</summary>
    /// <exception cref="PurseMoneyException">Different currencies, or the sum overflows.</exception>
    public static Money operator +(Money left, Money right) =>
        Exactly(left, right, "add", "+", static (a, b) => checked(a + b));

    /// <summary>The difference of two amounts of one currency.</summary>
    /// <exception cref="PurseMoneyException">Different currencies, or the difference overflows.</exception>
    public static Money operator -(Money left, Money right) =>
        Exactly(left, right, "subtract", "-", static (a, b) => checked(a - b));

    /// <summary>The opposite amount.</summary>
    /// <exception cref="PurseMoneyException">The amount is the smallest 64-bit value, whose opposite does not
    /// exist.</exception>
    public static Money operator -(Money value) =>
        RequireCurrency(value).MinorUnits == long.MinValue
            ? throw new PurseMoneyException(
                $"-({value.MinorUnits} minor units of {value.Currency.Value}) overflows a 64-bit amount."
            )
            : new(-value.MinorUnits, value.Currency);

    /// <summary>Orders amounts of one currency.</summary>
    /// <exception cref="PurseMoneyException">Different currencies: they have no order without an exchange
    /// rate.</exception>
    public int CompareTo(Money other) => MinorUnits.CompareTo(SameCurrency(this, other, "compare").MinorUnits);

    /// <summary>Compares amounts of one currency.</summary>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares amounts of one currency.</summary>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares amounts of one currency.</summary>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares amounts of one currency.</summary>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// Splits the amount into <paramref name="parts"/> parts that sum exactly to it and differ
    /// by at most one minor unit, the larger ones first: 100 EUR cents in 3 is 34, 33, 33.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> is less than 1.</exception>
    public IReadOnlyList<Money> Allocate(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        return Allocate(Enumerable.Repeat(1L, parts).ToArray());
    }

    /// <summary>
    /// Splits the amount by <paramref name="ratios"/> (e.g. 70, 30) into parts that sum exactly to
    /// it. Each part is its exact share rounded down; the minor units left over go one each to
    /// the parts whose shares lost the most in rounding (earlier parts first on ties). A zero
    /// ratio gets zero. A negative amount is split like its opposite, then negated.
    /// </summary>
    /// <exception cref="ArgumentException">No ratio, a negative ratio, or all ratios zero.</exception>
    public IReadOnlyList<Money> Allocate(params long[] ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        RequireCurrency(this);
        if (Array.FindIndex(ratios, ratio => ratio < 0) is var negative and >= 0)
            throw new ArgumentException(
                $"Ratios cannot be negative; ratios[{negative}] is {ratios[negative]}.",
                nameof(ratios)
            );
        var ratioSum = ratios.Aggregate(Int128.Zero, (sum, ratio) => sum + ratio);
        if (ratioSum == 0) // no ratio at all, or only zeros
            throw new ArgumentException("At least one ratio must be above zero.", nameof(ratios));

        // Int128: |amount| * ratio needs up to 126 bits, so nothing here can overflow.
        var total = Int128.Abs(MinorUnits);
        var shares = Array.ConvertAll(ratios, ratio => Int128.DivRem(total * ratio, ratioSum));
        // Fewer than the parts that had a remainder.
        var leftOver = (int)(total - shares.Aggregate(Int128.Zero, (sum, share) => sum + share.Quotient));
        // OrderByDescending is a stable sort: on equal losses the earlier part comes first.
        foreach (var i in Enumerable.Range(0, shares.Length).OrderByDescending(i => shares[i].Remainder).Take(leftOver))
            shares[i].Quotient++;

        var (isNegative, currency) = (MinorUnits < 0, Currency);
        return Array.ConvertAll(shares, share => new Money(
            (long)(isNegative ? -share.Quotient : share.Quotient),
            currency
        ));
    }

    /// <summary><c>default(Money)</c> has no currency; refuse it rather than treat it as zero of nothing.</summary>
    internal static Money RequireCurrency(Money value) =>
        value.Currency.Value is not ""
            ? value
            : throw new PurseMoneyException(
                "This Money has no currency (it is default(Money)); create amounts with Money.FromMinorUnits or "
                    + "Money.FromMajorUnits."
            );

    /// <summary>True when <paramref name="currency"/> is three upper-case letters, as every ISO 4217 code is.</summary>
    internal static bool IsCurrencyCode(Currency currency) =>
        currency.Value is { Length: 3 } code && code.All(char.IsAsciiLetterUpper);

    private static Currency ValidCurrency(Currency currency) =>
        IsCurrencyCode(currency)
            ? currency
            : throw new ArgumentException(
                currency.Value is ""
                    ? "A currency is required."
                    : $"'{currency.Value}' is not an ISO 4217 currency code (three upper-case letters, e.g. EUR).",
                nameof(currency)
            );

    private static Money Exactly(
        Money left,
        Money right,
        string operation,
        string symbol,
        Func<long, long, long> checkedOperation
    ) =>
        new(
            WithoutOverflow(
                () => checkedOperation(left.MinorUnits, SameCurrency(left, right, operation).MinorUnits),
                e => new PurseMoneyException(
                    $"{left.MinorUnits} {symbol} {right.MinorUnits} minor units of {left.Currency.Value} overflows a "
                        + "64-bit amount.",
                    e
                )
            ),
            left.Currency
        );

    /// <summary>The result of <paramref name="compute"/>, or the error <paramref name="refuse"/> makes of its
    /// overflow.</summary>
    private static T WithoutOverflow<T>(Func<T> compute, Func<OverflowException, PurseMoneyException> refuse)
    {
        try
        {
            return compute();
        }
        catch (OverflowException e)
        {
            throw refuse(e);
        }
    }

    /// <summary><paramref name="right"/>, once it is known to be in the currency of <paramref name="left"/>.</summary>
    private static Money SameCurrency(Money left, Money right, string operation) =>
        RequireCurrency(left).Currency == RequireCurrency(right).Currency
            ? right
            : throw new PurseMoneyException(
                $"Cannot {operation} {left.Currency.Value} and {right.Currency.Value}: amounts of different "
                    + "currencies do not mix."
            );

    // ---- text: formatting and parsing ----------------------------------------------------------

    /// <summary>
    /// The amount as <c>"42.99 EUR"</c> (<c>"4299 JPY"</c>, <c>"-1.50 USD"</c>): the major amount
    /// with exactly the currency's decimals, a point, no grouping, whatever the current culture.
    /// A currency without a known exponent is shown in minor units: <c>"4299 XAU (minor units)"</c>.
    /// </summary>
    public override string ToString() =>
        Currency.Value switch
        {
            "" => "(no currency)",
            var code when CurrencyExponent.TryGet(Currency, out var exponent) =>
                $"{ToMajorUnits().ToString($"F{exponent}", CultureInfo.InvariantCulture)} {code}",
            var code => $"{MinorUnits.ToString(CultureInfo.InvariantCulture)} {code} (minor units)",
        };

    /// <summary>
    /// Reads <c>"42.99 EUR"</c> as <see cref="ToString"/> writes it, whatever the current culture:
    /// an optional minus, digits, an optional point and decimals, one space, the currency code.
    /// Fewer decimals than the currency has are fine ("42.9 EUR"); more are refused unless zeros.
    /// </summary>
    /// <exception cref="PurseMoneyException">Not an amount, too many decimals, or an unknown exponent.</exception>
    public static Money Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = AmountText().Match(text);
        if (!match.Success)
            throw new PurseMoneyException(
                $"'{text}' is not an amount such as \"42.99 EUR\" (digits with a point, one space, a three-letter "
                    + "currency code)."
            );
        var currency = new Currency(match.Groups["currency"].Value);
        var exact = WithinExponent(text, match.Groups["amount"].Value, currency);
        // The regex has already fixed the form (sign, digits, point); only the size can still fail.
        var amount = WithoutOverflow(
            () => decimal.Parse(exact, CultureInfo.InvariantCulture),
            e => new PurseMoneyException($"'{text}' is too large for an amount.", e)
        );
        return FromMajorUnits(amount, currency);
    }

    /// <summary>
    /// <paramref name="amount"/> without the decimals beyond the currency's, which must all be zeros. Checked on the
    /// text: decimal.Parse keeps 28 or 29 significant digits and would round the rest away silently.
    /// </summary>
    private static string WithinExponent(string text, string amount, Currency currency)
    {
        var exponent = CurrencyExponent.Of(currency);
        var point = amount.IndexOf('.', StringComparison.Ordinal);
        if (point < 0 || amount.Length - point - 1 <= exponent)
            return amount;
        if (amount.AsSpan(point + 1 + exponent).ContainsAnyExcept('0'))
            throw new PurseMoneyException(
                $"'{text}' has more decimals than {currency.Value} allows ({exponent}); it is not rounded."
            );
        return amount[..(exponent == 0 ? point : point + 1 + exponent)];
    }

    /// <summary>Reads an amount like <see cref="Parse"/>; false instead of an exception when it cannot.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Money money)
    {
        money = default;
        if (text is null)
            return false;
        try
        {
            money = Parse(text);
            return true;
        }
        catch (PurseMoneyException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<amount>-?[0-9]+(\.[0-9]+)?) (?<currency>[A-Z]{3})\z", RegexOptions.CultureInvariant)]
    private static partial Regex AmountText();
}
