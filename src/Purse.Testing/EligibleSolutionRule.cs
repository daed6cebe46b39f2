using Purse.Models;

namespace Purse.Testing;

/// <summary>
/// One row of the emulator's eligible-solution table: <paramref name="Partner"/> /
/// <paramref name="Method"/> is offered for amounts within [<paramref name="MinAmount"/>,
/// <paramref name="MaxAmount"/>] (minor units) in <paramref name="Currencies"/> (all when null).
/// </summary>
public sealed record EligibleSolutionRule(
    string Partner,
    string Method,
    IReadOnlyCollection<Currency>? Currencies = null,
    long MinAmount = 0,
    long MaxAmount = long.MaxValue
)
{
    /// <summary>True when this solution is offered for the amount and currency.</summary>
    public bool Matches(long amount, Currency currency) =>
        amount >= MinAmount && amount <= MaxAmount && (Currencies is null || Currencies.Contains(currency));
}
