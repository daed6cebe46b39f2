using Newtonsoft.Json;

namespace Purse.Models;

/// <summary>
/// Reuses an authorization made outside Purse (schema <c>DuplicateForeignAuthorizationCandidate</c>,
/// itself a <c>oneOf</c> of two variants): by the partner's transaction id
/// (<see cref="DuplicateForeignAuthorizationCandidateByPartnerTransaction"/>) or by the card
/// scheme's (<see cref="DuplicateForeignAuthorizationCandidateBySchemeTransaction"/>).
/// </summary>
public abstract class DuplicateForeignAuthorizationCandidate : SplitCandidate
{
    private protected DuplicateForeignAuthorizationCandidate() { }

    /// <inheritdoc />
    [JsonProperty("amount", Required = Required.Always)]
    public override long Amount { get; set; }

    /// <summary>Payment partner, lower case (open list).</summary>
    [JsonProperty("partner", Required = Required.Always)]
    public string Partner { get; set; } = "";

    /// <summary>Payment method, lower case (open list).</summary>
    [JsonProperty("method", Required = Required.Always)]
    public string Method { get; set; } = "";

    private IDictionary<string, object>? _additionalProperties;

    /// <summary>Fields this version of the client does not know, kept so that nothing is lost.</summary>
    [JsonExtensionData]
    public IDictionary<string, object> AdditionalProperties
    {
        get => _additionalProperties ??= new Dictionary<string, object>();
        set => _additionalProperties = value;
    }
}
