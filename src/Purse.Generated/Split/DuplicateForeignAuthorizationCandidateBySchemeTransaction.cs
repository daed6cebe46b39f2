using Newtonsoft.Json;

namespace Purse.Models;

/// <summary>
/// Reuses an authorization made outside Purse, identified by the card scheme's transaction id
/// (schema <c>DuplicateForeignAuthorizationCandidateBySchemeTransaction</c>; told apart by
/// <c>foreign_scheme_transaction_id</c>).
/// </summary>
[JsonConverter(typeof(SplitCandidateJsonConverter.DefaultShape))]
public sealed class DuplicateForeignAuthorizationCandidateBySchemeTransaction : DuplicateForeignAuthorizationCandidate
{
    /// <summary>The card scheme's transaction id of the authorization made outside Purse.</summary>
    [JsonProperty("foreign_scheme_transaction_id", Required = Required.Always)]
    public string ForeignSchemeTransactionId { get; set; } = "";
}
