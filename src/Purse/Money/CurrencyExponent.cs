using System.Collections.Frozen;

namespace Purse;

/// <summary>
/// How many decimals a currency's minor unit has (ISO 4217 "minor unit"): EUR 2 (4299 = 42.99),
/// JPY 0 (4299 = 4299), KWD 3. The table is embedded, so a currency Purse adds to its spec later
/// already has its exponent without a new client version.
/// </summary>
/// <remarks>
/// Source: the ISO 4217 list of active codes published 2023-01-01, plus ZWG (2024) and XCG (2025);
/// withdrawn codes still listed there (SLL, ZWL, ANG, CUC...) are kept since old payments may carry
/// them. Codes without a minor unit (XAU, XDR...) and non-ISO codes are absent on purpose: such
/// amounts still work in minor units, but converting, formatting and parsing them throw, because
/// guessing an exponent is how a yen amount gets multiplied by 100.
/// </remarks>
public static class CurrencyExponent
{
    private static readonly FrozenDictionary<string, int> Exponents = new (int Exponent, string Codes)[]
    {
        (0, "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"),
        (
            2,
            "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF "
                + "CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP "
                + "GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD "
                + "MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP "
                + "PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS "
                + "TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL"
        ),
        (3, "BHD IQD JOD KWD LYD OMR TND"),
        (4, "CLF UYW"),
    }
        .SelectMany(group => group.Codes.Split(' '), (group, code) => (code, group.Exponent))
        // Throws on a code listed twice.
        .ToFrozenDictionary(entry => entry.code, entry => entry.Exponent, StringComparer.Ordinal);

    /// <summary>Every code the table holds (for tests and diagnostics).</summary>
    internal static IEnumerable<string> Codes => Exponents.Keys;

    /// <summary>Finds the exponent of <paramref name="currency"/>; false when ISO 4217 gives it none.</summary>
    public static bool TryGet(Currency currency, out int exponent) =>
        Exponents.TryGetValue(currency.Value, out exponent);

    /// <summary>The exponent of <paramref name="currency"/>.</summary>
    /// <exception cref="PurseMoneyException">ISO 4217 gives the currency no exponent, or does not list it.</exception>
    public static int Of(Currency currency) =>
        TryGet(currency, out var exponent)
            ? exponent
            : throw new PurseMoneyException(
                $"The currency '{currency.Value}' has no known ISO 4217 minor unit, so its amounts cannot be "
                    + "converted to or from major units. Use minor units (Money.FromMinorUnits)."
            );
}
