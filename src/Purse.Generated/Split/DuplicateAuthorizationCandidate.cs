using Newtonsoft.Json;

namespace Purse.Models;

/// <summary>
/// Reuses the authorization of an earlier Purse payment made with <c>allow_future_usage</c>
/// (schema <c>DuplicateAuthorizationCandidate</c>; told apart by <c>partner_transaction_id</c>).
/// </summary>
[JsonConverter(typeof(SplitCandidateJsonConverter.DefaultShape))]
public sealed class DuplicateAuthorizationCandidate : SplitCandidate
{
    /// <inheritdoc />
    [JsonProperty("amount", Required = Required.Always)]
    public override long Amount { get; set; }

    /// <summary>The Purse partner transaction of the earlier payment whose authorization is reused.</summary>
    [JsonProperty("partner_transaction_id", Required = Required.Always)]
    public Guid PartnerTransactionId { get; set; }

    private IDictionary<string, object>? _additionalProperties;

    /// <summary>Fields this version of the client does not know, kept so that nothing is lost.</summary>
    [JsonExtensionData]
    public IDictionary<string, object> AdditionalProperties
    {
        get => _additionalProperties ??= new Dictionary<string, object>();
        set => _additionalProperties = value;
    }
}
