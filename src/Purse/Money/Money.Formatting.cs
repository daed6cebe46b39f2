using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Purse;

public readonly partial record struct Money
{
    /// <summary>
    /// The amount as <c>"42.99 EUR"</c> (<c>"4299 JPY"</c>, <c>"-1.50 USD"</c>): the major amount
    /// with exactly the currency's decimals, a point, no grouping, whatever the current culture.
    /// A currency without a known exponent is shown in minor units: <c>"4299 XAU (minor units)"</c>.
    /// </summary>
    public override string ToString() => Currency.Value switch
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
            throw new PurseMoneyException($"'{text}' is not an amount such as \"42.99 EUR\" (digits with a point, one space, a three-letter currency code).");
        var currency = new Currency(match.Groups["currency"].Value);
        var exact = WithinExponent(text, match.Groups["amount"].Value, currency);
        // The regex has already fixed the form (sign, digits, point); only the size can still fail.
        var amount = WithoutOverflow(() => decimal.Parse(exact, CultureInfo.InvariantCulture),
            e => new PurseMoneyException($"'{text}' is too large for an amount.", e));
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
                $"'{text}' has more decimals than {currency.Value} allows ({exponent}); it is not rounded.");
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
