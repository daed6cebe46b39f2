using Newtonsoft.Json;

namespace Purse.Models;

/// <summary>
/// Reuses an authorization made outside Purse, identified by the partner's transaction id
/// (schema <c>DuplicateForeignAuthorizationCandidateByPartnerTransaction</c>; told apart by
/// <c>foreign_partner_transaction_id</c>).
/// </summary>
[JsonConverter(typeof(SplitCandidateJsonConverter.DefaultShape))]
public sealed class DuplicateForeignAuthorizationCandidateByPartnerTransaction : DuplicateForeignAuthorizationCandidate
{
    /// <summary>The partner's id of the authorization made outside Purse.</summary>
    [JsonProperty("foreign_partner_transaction_id", Required = Required.Always)]
    public string ForeignPartnerTransactionId { get; set; } = "";
}
