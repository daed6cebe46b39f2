using Purse.Models;

namespace Purse;

/// <summary>
/// An amount of money: an integer number of the currency's minor units (4299 EUR = 42.99 EUR,
/// 4299 JPY = 4299 JPY) and its currency. Immutable.
/// </summary>
public readonly partial record struct Money
{
    /// <summary>Creates an amount from minor units, the form every Purse amount takes on the wire.</summary>
    public static Money FromMinorUnits(long minorUnits, Currency currency) => new(minorUnits, currency);

    private Money(long minorUnits, Currency currency)
    {
        if (string.IsNullOrEmpty(currency.Value))
        {
            throw new ArgumentException("A currency is required.", nameof(currency));
        }
        MinorUnits = minorUnits;
        Currency = currency;
    }

    /// <summary>The amount in the currency's minor unit, as sent to Purse.</summary>
    public long MinorUnits { get; }

    /// <summary>The ISO 4217 currency.</summary>
    public Currency Currency { get; }
}
