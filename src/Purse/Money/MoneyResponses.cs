using System.Runtime.CompilerServices;

namespace Purse;

/// <summary>Reading an amount Purse sent back with its resource's currency: one rule, with the errors it
/// names.</summary>
internal static class MoneyResponses
{
    /// <summary>The amount in the resource's currency; a missing one is named (<paramref name="field"/>).</summary>
    /// <exception cref="PurseIncompleteResponseException">The currency or the amount is missing, or the currency is no
    /// ISO 4217 code.</exception>
    public static Money Read(long? amount, Currency? currency, string field, string what, string hint = "") =>
        (currency, amount) switch
        {
            (not { Value.Length: > 0 }, _) => throw new PurseIncompleteResponseException(
                "currency",
                $"the {what} has no currency, so its amounts cannot be read as Money."
            ),
            ({ } code, _) when !Money.IsCurrencyCode(code) => throw new PurseIncompleteResponseException(
                "currency",
                $"the {what}'s currency '{code.Value}' is not an ISO 4217 code (three upper-case letters)."
            ),
            ({ } code, { } value) => Money.FromMinorUnits(value, code),
            _ => throw new PurseIncompleteResponseException(field, $"the {what} has no {field}{hint}."),
        };

    /// <summary>The minor units and currency of an amount given to set a request's <c>amount</c> and
    /// <c>currency</c>.</summary>
    public static (long MinorUnits, Currency Currency) Pair(Money amount) =>
        (Money.RequireCurrency(amount).MinorUnits, amount.Currency);

    public static T NotNull<T>(T value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        where T : class => value ?? throw new ArgumentNullException(paramName);
}
