using Newtonsoft.Json.Linq;

namespace Purse;

/// <summary>
/// Checks a payment's split before it is sent, so that a split Purse would refuse, or worse
/// accept with a part lost, never leaves the process. A request without split passes.
/// </summary>
/// <remarks>
/// Rules: every part is present; an amount that is present is at least one minor unit; a part built
/// from <see cref="Money"/> (<see cref="SplitCandidates"/>) is in the payment's currency (a part read
/// from JSON or built by hand has no currency of its own and cannot be checked); when every part has
/// an amount they sum exactly to the payment's amount, and when some <see cref="NewAuthorizationCandidate"/>
/// has none (allowed: the docs' create-payment example sends one item with only a vault form token and 3DS
/// options) the present amounts leave at least one minor unit for each part without one; at most one part
/// carries <c>three_ds_server_trans_id</c>; the reuse candidates have their required fields. An
/// <see cref="UnknownSplitCandidate"/> is sent as
/// it is, but is held to the same amount, sum and 3DS rules.
/// </remarks>
public static class SplitValidation
{
    private const string ThreeDsServerTransId = "three_ds_server_trans_id";

    /// <summary>Throws when the split of <paramref name="request"/> is invalid; nothing has been sent then.</summary>
    /// <exception cref="PurseInvalidRequestException">The split is invalid;
    /// <see cref="PurseInvalidRequestException.Field"/> names where, e.g. <c>split[1].amount</c>.</exception>
    public static void Validate(CreatePaymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Split is not { } split)
            return;
        if (!Money.IsCurrencyCode(request.Currency))
            throw new PurseInvalidRequestException(
                "currency",
                $"'{request.Currency.Value}' is not an ISO 4217 currency code; the split cannot be checked against it."
            );
        var total = Money.FromMinorUnits(request.Amount, request.Currency);
        if (split.Count == 0)
            throw new PurseInvalidRequestException(
                "split",
                $"the split is empty, so it does not sum to the payment amount {total}; leave split out or give at "
                    + "least one part."
            );

        Int128 sum = 0; // cannot wrap: a sum above long.MaxValue is refused below
        string? threeDsCarrier = null;
        foreach (var (index, part) in split.Index())
        {
            var field = $"split[{index}]";
            if (part is null)
                throw new PurseInvalidRequestException(field, "the part is null.");
            var amount = AmountOf(part, field, request.Currency);
            CheckRequiredFields(part, field);
            if (HasThreeDsServerTransId(part))
                threeDsCarrier = threeDsCarrier is null
                    ? field
                    : throw new PurseInvalidRequestException(
                        $"{field}.{ThreeDsServerTransId}",
                        $"{threeDsCarrier} already carries a 3DS server transaction id; at most one part may carry one."
                    );
            sum += amount;
            if (sum > long.MaxValue)
                throw new PurseInvalidRequestException(
                    "split",
                    $"the parts' amounts overflow a 64-bit sum, far above the payment amount {total}."
                );
        }

        var withoutAmount = split.Count(part => part is NewAuthorizationCandidate { HasAmount: false });
        if (withoutAmount > 0 && sum + withoutAmount > total.MinorUnits)
            throw new PurseInvalidRequestException(
                "split",
                $"the parts with an amount sum to {Money.FromMinorUnits((long)sum, request.Currency)}, "
                    + $"which leaves less than one minor unit for each of the {withoutAmount} part(s) without one, "
                    + $"out of the payment amount {total}."
            );
        if (withoutAmount == 0 && sum != total.MinorUnits)
            throw new PurseInvalidRequestException(
                "split",
                $"the parts sum to {Money.FromMinorUnits((long)sum, request.Currency)} but the payment amount is "
                    + $"{total}; they must sum exactly to it."
            );
    }

    /// <summary>
    /// The part's amount, checked; 0 for a <see cref="NewAuthorizationCandidate"/> without one, the only part allowed
    /// to
    /// leave it out (an <see cref="UnknownSplitCandidate"/> may lack one too, and is refused).
    /// </summary>
    private static long AmountOf(SplitCandidate part, string field, Currency paymentCurrency) =>
        part switch
        {
            NewAuthorizationCandidate { HasAmount: false } => 0,
            { HasAmount: false } => throw new PurseInvalidRequestException(
                $"{field}.amount",
                "the part has no integer amount."
            ),
            { Amount: < 1 } => throw new PurseInvalidRequestException(
                $"{field}.amount",
                $"a part must be at least one minor unit; got {Money.FromMinorUnits(part.Amount, paymentCurrency)}."
            ),
            { SourceCurrency: { } currency } when currency != paymentCurrency => throw new PurseInvalidRequestException(
                $"{field}.amount",
                $"the part is {Money.FromMinorUnits(part.Amount, currency)} but the payment is in "
                    + $"{paymentCurrency.Value}; every part must share the payment's currency."
            ),
            _ => part.Amount,
        };

    private static void CheckRequiredFields(SplitCandidate part, string field)
    {
        if (part is DuplicateAuthorizationCandidate { PartnerTransactionId: var id } && id == Guid.Empty)
            throw new PurseInvalidRequestException(
                $"{field}.partner_transaction_id",
                "a partner transaction id is required."
            );
        // A NewAuthorizationCandidate requires no text (docs' create-payment example), but a blank one is still
        // refused.
        var (required, texts) = part switch
        {
            NewAuthorizationCandidate c => (
                false,
                new (string Name, string? Value)[] { ("partner", c.Partner), ("method", c.Method) }
            ),
            DuplicateForeignAuthorizationCandidateByPartnerTransaction c => (
                true,
                [
                    ("partner", c.Partner),
                    ("method", c.Method),
                    ("foreign_partner_transaction_id", c.ForeignPartnerTransactionId),
                ]
            ),
            DuplicateForeignAuthorizationCandidateBySchemeTransaction c => (
                true,
                [
                    ("partner", c.Partner),
                    ("method", c.Method),
                    ("foreign_scheme_transaction_id", c.ForeignSchemeTransactionId),
                ]
            ),
            _ => (false, []),
        };
        if (
            texts.FirstOrDefault(text =>
                string.IsNullOrWhiteSpace(text.Value) && (required || text.Value is not null)
            ) is
            ({ } name, _)
        )
            throw new PurseInvalidRequestException(
                $"{field}.{name}",
                required ? "a value is required." : "the value is blank; leave it out or give one."
            );
    }

    private static bool HasThreeDsServerTransId(SplitCandidate part) =>
        part switch
        {
            NewAuthorizationCandidate candidate => candidate.ThreeDsServerTransId is not null
                || IsSet(candidate.AdditionalProperties),
            DuplicateAuthorizationCandidate candidate => IsSet(candidate.AdditionalProperties),
            DuplicateForeignAuthorizationCandidate candidate => IsSet(candidate.AdditionalProperties),
            UnknownSplitCandidate unknown => unknown.Json is JObject json
                && json[ThreeDsServerTransId] is { Type: not JTokenType.Null },
            _ => false,
        };

    /// <summary>A candidate whose schema has no 3DS id may still carry one as an extra field.</summary>
    private static bool IsSet(IDictionary<string, object> additionalProperties) =>
        additionalProperties.TryGetValue(ThreeDsServerTransId, out var value)
        && value is not null
        && value is not JValue { Type: JTokenType.Null };
}
