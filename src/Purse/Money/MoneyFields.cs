namespace Purse;

/// <summary>
/// Reading and setting the currency-less amounts of the wire model as <see cref="Money"/>: one rule for all of them.
/// </summary>
internal static class MoneyFields
{
    /// <summary>The amount in <paramref name="currency"/>, or null when the field is absent.</summary>
    /// <exception cref="ArgumentException">The currency is not an ISO 4217 code (e.g. <c>default</c>).</exception>
    public static Money? Read(long? minorUnits, Currency currency)
    {
        if (!Money.IsCurrencyCode(currency))
        {
            throw new ArgumentException(
                $"'{currency.Value}' is not an ISO 4217 currency code; read the amount in the payment's currency.",
                nameof(currency)
            );
        }
        return minorUnits is { } value ? Money.FromMinorUnits(value, currency) : null;
    }

    /// <summary>
    /// Sets a field from <paramref name="amount"/> and remembers its currency, refusing a second currency on the same
    /// object (its amounts are all in one currency on the wire).
    /// </summary>
    /// <exception cref="PurseMoneyException">The object already has an amount in another currency.</exception>
    public static T Set<T>(T target, Money amount, string field, Action<T> assign)
        where T : class, IMoneyAmounts
    {
        var currency = Money.RequireCurrency(amount).Currency;
        if (target.MoneyCurrency is { } earlier && earlier != currency)
        {
            throw new PurseMoneyException(
                $"{field} is {amount}, but this {typeof(T).Name}'s other amounts are in {earlier.Value}: "
                    + "its amounts share one currency."
            );
        }
        assign(target);
        target.MoneyCurrency = currency;
        return target;
    }
}
