using System.Text.RegularExpressions;
using Purse.Models;

namespace Purse;

/// <summary>
/// An amount of money: an integer number of the currency's minor units (4299 EUR = 42.99 EUR,
/// 4299 JPY = 4299 JPY) and its currency. Immutable. Arithmetic and comparison work in one
/// currency only and never wrap on overflow; a decimal major amount is accepted only when the
/// currency can hold it exactly (see <see cref="FromMajorUnits(decimal, Currency)"/>).
/// </summary>
public readonly partial record struct Money : IComparable<Money>
{
    /// <summary>Creates an amount from minor units, the form every Purse amount takes on the wire.</summary>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is not three upper-case letters.</exception>
    public static Money FromMinorUnits(long minorUnits, Currency currency) => new(minorUnits, currency);

    /// <summary>
    /// Creates an amount from a decimal major amount: 42.99 EUR is 4299 minor units, 4299 JPY is
    /// 4299. An amount with more decimals than the currency has (42.999 EUR, 0.5 JPY) is refused,
    /// never rounded: round explicitly with <see cref="FromMajorUnits(decimal, Currency, MidpointRounding)"/>.
    /// </summary>
    /// <exception cref="PurseMoneyException">Too many decimals, too large, or the currency has no known exponent.</exception>
    public static Money FromMajorUnits(decimal amount, Currency currency)
    {
        ValidateCurrency(currency);
        var exponent = CurrencyExponent.Of(currency);
        decimal minorUnits;
        try
        {
            minorUnits = amount * PowerOfTen(exponent);
        }
        catch (OverflowException e)
        {
            throw TooLarge(amount, currency, e);
        }
        if (decimal.Truncate(minorUnits) != minorUnits)
        {
            throw new PurseMoneyException(
                $"{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {currency.Value} has more decimals than {currency.Value} allows ({exponent}). " +
                "It is not rounded silently: call Money.FromMajorUnits(amount, currency, MidpointRounding) to round it.");
        }
        if (minorUnits is < long.MinValue or > long.MaxValue)
        {
            throw TooLarge(amount, currency, null);
        }
        return new((long)minorUnits, currency);
    }

    /// <summary>
    /// Creates an amount from a decimal major amount, rounding it to the currency's decimals with
    /// <paramref name="rounding"/> (e.g. <see cref="MidpointRounding.ToEven"/>, banker's rounding).
    /// </summary>
    /// <exception cref="PurseMoneyException">Too large, or the currency has no known exponent.</exception>
    public static Money FromMajorUnits(decimal amount, Currency currency, MidpointRounding rounding)
    {
        ValidateCurrency(currency);
        return FromMajorUnits(Math.Round(amount, CurrencyExponent.Of(currency), rounding), currency);
    }

    /// <summary>Zero in <paramref name="currency"/>.</summary>
    public static Money Zero(Currency currency) => new(0, currency);

    private Money(long minorUnits, Currency currency)
    {
        ValidateCurrency(currency);
        MinorUnits = minorUnits;
        Currency = currency;
    }

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
    public decimal ToMajorUnits()
    {
        RequireCurrency(this);
        return (decimal)MinorUnits / PowerOfTen(CurrencyExponent.Of(Currency));
    }

    /// <summary>The sum of two amounts of one currency.</summary>
    /// <exception cref="PurseMoneyException">Different currencies, or the sum overflows.</exception>
    public Money Add(Money other) => this + other;

    /// <summary>The difference of two amounts of one currency.</summary>
    /// <exception cref="PurseMoneyException">Different currencies, or the difference overflows.</exception>
    public Money Subtract(Money other) => this - other;

    /// <summary>The sum of two amounts of one currency.</summary>
    /// <exception cref="PurseMoneyException">Different currencies, or the sum overflows.</exception>
    public static Money operator +(Money left, Money right)
    {
        var currency = SameCurrency(left, right, "add");
        try
        {
            return new(checked(left.MinorUnits + right.MinorUnits), currency);
        }
        catch (OverflowException e)
        {
            throw new PurseMoneyException($"{left.MinorUnits} + {right.MinorUnits} minor units of {currency.Value} overflows a 64-bit amount.", e);
        }
    }

    /// <summary>The difference of two amounts of one currency.</summary>
    /// <exception cref="PurseMoneyException">Different currencies, or the difference overflows.</exception>
    public static Money operator -(Money left, Money right)
    {
        var currency = SameCurrency(left, right, "subtract");
        try
        {
            return new(checked(left.MinorUnits - right.MinorUnits), currency);
        }
        catch (OverflowException e)
        {
            throw new PurseMoneyException($"{left.MinorUnits} - {right.MinorUnits} minor units of {currency.Value} overflows a 64-bit amount.", e);
        }
    }

    /// <summary>The opposite amount.</summary>
    /// <exception cref="PurseMoneyException">The amount is the smallest 64-bit value, whose opposite does not exist.</exception>
    public static Money operator -(Money value)
    {
        RequireCurrency(value);
        return value.MinorUnits == long.MinValue
            ? throw new PurseMoneyException($"-({value.MinorUnits} minor units of {value.Currency.Value}) overflows a 64-bit amount.")
            : new(-value.MinorUnits, value.Currency);
    }

    /// <summary>Orders amounts of one currency.</summary>
    /// <exception cref="PurseMoneyException">Different currencies: they have no order without an exchange rate.</exception>
    public int CompareTo(Money other)
    {
        SameCurrency(this, other, "compare");
        return MinorUnits.CompareTo(other.MinorUnits);
    }

    /// <summary>Compares amounts of one currency.</summary>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares amounts of one currency.</summary>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares amounts of one currency.</summary>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares amounts of one currency.</summary>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    private static Currency SameCurrency(Money left, Money right, string operation)
    {
        RequireCurrency(left);
        RequireCurrency(right);
        return left.Currency == right.Currency
            ? left.Currency
            : throw new PurseMoneyException($"Cannot {operation} {left.Currency.Value} and {right.Currency.Value}: amounts of different currencies do not mix.");
    }

    /// <summary><c>default(Money)</c> has no currency; refuse it rather than treat it as zero of nothing.</summary>
    private static void RequireCurrency(Money value)
    {
        if (string.IsNullOrEmpty(value.Currency.Value))
        {
            throw new PurseMoneyException("This Money has no currency (it is default(Money)); create amounts with Money.FromMinorUnits or Money.FromMajorUnits.");
        }
    }

    /// <summary>True when <paramref name="currency"/> is three upper-case letters, as every ISO 4217 code is.</summary>
    internal static bool IsCurrencyCode(Currency currency) => !string.IsNullOrEmpty(currency.Value) && CurrencyCode().IsMatch(currency.Value);

    private static void ValidateCurrency(Currency currency)
    {
        if (string.IsNullOrEmpty(currency.Value))
        {
            throw new ArgumentException("A currency is required.", nameof(currency));
        }
        if (!CurrencyCode().IsMatch(currency.Value))
        {
            throw new ArgumentException($"'{currency.Value}' is not an ISO 4217 currency code (three upper-case letters, e.g. EUR).", nameof(currency));
        }
    }

    private static decimal PowerOfTen(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }
        return result;
    }

    private static PurseMoneyException TooLarge(decimal amount, Currency currency, Exception? inner) =>
        new($"{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {currency.Value} does not fit a 64-bit amount of minor units.", inner);

    // \z, not $: "$" also matches before a final line break, which would let "EUR\n" through.
    [GeneratedRegex(@"^[A-Z]{3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();
}
