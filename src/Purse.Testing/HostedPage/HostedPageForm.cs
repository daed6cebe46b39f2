using System.Globalization;
using Microsoft.AspNetCore.Http;
using Purse.Models;

namespace Purse.Testing.HostedPage;

/// <summary>
/// What the person chose on the hosted page: an amount (minor units) per eligible solution, and the
/// authorization outcome. The partners and methods come from the server's own list, by position, never from
/// the form.
/// </summary>
internal sealed record HostedPageForm(IReadOnlyList<SplitCandidate> Split, AuthorizationStatus Outcome)
{
    public const string OutcomeField = "outcome";

    /// <summary>The outcomes a person may choose, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<AuthorizationStatus> Outcomes =
    [
        AuthorizationStatus.Authorized,
        AuthorizationStatus.Refused,
        AuthorizationStatus.Pending,
        AuthorizationStatus.Error,
    ];

    public static string AmountField(int index) => $"amount-{index}";

    /// <summary>The choice, or the reason it cannot be paid (shown to the person).</summary>
    public static (HostedPageForm? Form, string? Error) Read(
        IFormCollection form,
        IReadOnlyList<EligibleSolution> solutions
    )
    {
        var split = new List<SplitCandidate>();
        for (var i = 0; i < solutions.Count; i++)
        {
            var text = form[AmountField(i)].ToString().Trim();
            if (text.Length == 0)
            {
                continue;
            }
            var solution = $"{solutions[i].Partner}/{solutions[i].Method}";
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return (null, $"The amount for {solution} is not a whole number of minor units: '{text}'.");
            }
            if (amount > 0)
            {
                split.Add(
                    new NewAuthorizationCandidate
                    {
                        Amount = amount,
                        Partner = solutions[i].Partner,
                        Method = solutions[i].Method,
                    }
                );
            }
        }
        if (split.Count == 0)
        {
            return (null, "Choose how to pay: give an amount to at least one payment method.");
        }
        var outcome = Outcomes.FirstOrDefault(o => o.Value == form[OutcomeField].ToString());
        if (outcome.Value.Length == 0)
        {
            return (null, $"Choose the outcome: one of {string.Join(", ", Outcomes)}.");
        }
        return (new HostedPageForm(split, outcome), null);
    }
}
