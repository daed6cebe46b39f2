using Newtonsoft.Json;

namespace Purse.Models;

/// <summary>
/// One part of a payment's <c>split</c>: a new authorization, or the reuse of an existing one.
/// The spec's item is a <c>oneOf</c> without discriminator, told apart by which fields are
/// present (see <see cref="SplitCandidateJsonConverter"/>). The family is closed: one of
/// <see cref="NewAuthorizationCandidate"/>, <see cref="DuplicateAuthorizationCandidate"/>,
/// <see cref="DuplicateForeignAuthorizationCandidateByPartnerTransaction"/>,
/// <see cref="DuplicateForeignAuthorizationCandidateBySchemeTransaction"/>, or
/// <see cref="UnknownSplitCandidate"/> for an item of no known shape, kept as raw JSON.
/// </summary>
/// <remarks>
/// Hand-written rather than generated: NSwag collapses a discriminator-less <c>oneOf</c> to its
/// first member, and even with the candidate classes no longer excluded (nswag.json) it emits
/// <c>DuplicateAuthorizationCandidate</c> empty, carrying SplitCandidate's description instead
/// of its own fields. The spec stays the authority: a test checks every class of this family
/// against its schema in <c>components.schemas</c>, so a field Purse adds fails the build's tests
/// instead of being dropped.
/// </remarks>
[JsonConverter(typeof(SplitCandidateJsonConverter))]
public abstract class SplitCandidate
{
    private protected SplitCandidate() { }

    /// <summary>Part of the payment amount, in the currency's minor unit, assigned to this candidate.</summary>
    public abstract long Amount { get; set; }

    /// <summary>
    /// Whether the item carries an <c>amount</c>. Only a <see cref="NewAuthorizationCandidate"/> may
    /// leave it out (the docs' create-payment example sends one item with a vault form token and no
    /// amount); <see cref="Amount"/> is 0 then.
    /// </summary>
    [JsonIgnore]
    public virtual bool HasAmount => true;

    /// <summary>
    /// The currency of the money this item was built from (split items carry no currency on the
    /// wire). Set by the facade's builders so that a part in another currency than the payment
    /// is refused before sending; null for items read from JSON or built by hand.
    /// </summary>
    [JsonIgnore]
    internal Currency? SourceCurrency { get; set; }
}
