using System.Runtime.CompilerServices;

namespace Purse;

/// <summary>
/// Builds the parts of a payment's split from <see cref="Money"/>, so that each part's amount is
/// in minor units and its currency is remembered: <see cref="SplitValidation"/> refuses a part in
/// another currency than the payment before anything is sent (split items carry no currency on
/// the wire).
/// </summary>
/// <example>
/// <code>
/// var total = Money.FromMajorUnits(42.99m, Currency.Eur);
/// var request = new CreatePaymentRequest { EntityId = entityId, Order = order }
///     .SetAmount(total)
///     .SetSplit(
///         SplitCandidates
///             .New(Money.FromMajorUnits(30m, Currency.Eur), "adyen", "creditcard")
///             .SetVaultFormToken(token),
///         SplitCandidates.Duplicate(Money.FromMajorUnits(12.99m, Currency.Eur), earlierPartnerTransactionId));
/// </code>
/// </example>
public static class SplitCandidates
{
    /// <summary>A new authorization of <paramref name="amount"/> to request from <paramref name="partner"/> with
    /// <paramref name="method"/>.</summary>
    /// <param name="amount">The part's amount; at least one minor unit.</param>
    /// <param name="partner">Payment partner, lower case, e.g. <c>adyen</c>.</param>
    /// <param name="method">Payment method, lower case, e.g. <c>creditcard</c>.</param>
    public static NewAuthorizationCandidate New(Money amount, string partner, string method) =>
        Part(amount, () => new NewAuthorizationCandidate { Partner = Required(partner), Method = Required(method) });

    /// <summary>Reuses, for <paramref name="amount"/>, the authorization of an earlier Purse payment made with
    /// <c>allow_future_usage</c>.</summary>
    /// <param name="amount">The part's amount; at least one minor unit.</param>
    /// <param name="partnerTransactionId">The earlier payment's partner transaction.</param>
    public static DuplicateAuthorizationCandidate Duplicate(Money amount, Guid partnerTransactionId) =>
        partnerTransactionId == Guid.Empty
            ? throw new ArgumentException("A partner transaction id is required.", nameof(partnerTransactionId))
            : Part(amount, () => new DuplicateAuthorizationCandidate { PartnerTransactionId = partnerTransactionId });

    /// <summary>Reuses, for <paramref name="amount"/>, an authorization made outside Purse, known by the partner's
    /// transaction id.</summary>
    public static DuplicateForeignAuthorizationCandidateByPartnerTransaction ForeignByPartnerTransaction(
        Money amount,
        string partner,
        string method,
        string foreignPartnerTransactionId
    ) =>
        Foreign<DuplicateForeignAuthorizationCandidateByPartnerTransaction>(amount, partner, method, c =>
            c.ForeignPartnerTransactionId = Required(foreignPartnerTransactionId)
        );

    /// <summary>Reuses, for <paramref name="amount"/>, an authorization made outside Purse, known by the card scheme's
    /// transaction id.</summary>
    public static DuplicateForeignAuthorizationCandidateBySchemeTransaction ForeignBySchemeTransaction(
        Money amount,
        string partner,
        string method,
        string foreignSchemeTransactionId
    ) =>
        Foreign<DuplicateForeignAuthorizationCandidateBySchemeTransaction>(amount, partner, method, c =>
            c.ForeignSchemeTransactionId = Required(foreignSchemeTransactionId)
        );

    /// <summary>Checks the amount before the other arguments, then creates the part with it and remembers its
    /// currency.</summary>
    private static T Part<T>(Money amount, Func<T> create)
        where T : SplitCandidate =>
        amount switch
        {
            { Currency.Value: "" } => throw new ArgumentException(
                "The amount has no currency (it is default(Money)).",
                nameof(amount)
            ),
            { MinorUnits: < 1 } => throw new ArgumentOutOfRangeException(
                nameof(amount),
                amount.ToString(),
                "A split part must be at least one minor unit."
            ),
            _ => Fluent.Set(create(), part =>
                (part.Amount, part.SourceCurrency) = (amount.MinorUnits, amount.Currency)
            ),
        };

    /// <summary>A reuse of a foreign authorization; <paramref name="setTransactionId"/> sets the id it is known
    /// by.</summary>
    private static T Foreign<T>(Money amount, string partner, string method, Action<T> setTransactionId)
        where T : DuplicateForeignAuthorizationCandidate, new() =>
        Part(amount, () =>
            Fluent.Set(new T { Partner = Required(partner), Method = Required(method) }, setTransactionId)
        );

    private static string Required(string value, [CallerArgumentExpression(nameof(value))] string? parameter = null) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A value is required.", parameter) : value;
}
