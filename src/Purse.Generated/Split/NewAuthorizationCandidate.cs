using Newtonsoft.Json;

namespace Purse.Models;

/// <summary>
/// A new authorization to request from a payment partner (schema
/// <c>NewAuthorizationCandidate</c>), carrying none of the transaction ids that mark the reuse of an
/// earlier authorization. Nothing is required: the docs' create-payment example
/// (https://docs.purse.tech/docs/integrate/purse-api/additional-features/advanced-flow/create-payment)
/// sends an item with only <c>vault_form_token</c> and 3DS options.
/// </summary>
[JsonConverter(typeof(SplitCandidateJsonConverter.DefaultShape))]
public sealed class NewAuthorizationCandidate : SplitCandidate
{
    private long? _amount;

    /// <summary>The part's amount, or 0 when the item has none (see <see cref="HasAmount"/> and
    /// <see cref="OptionalAmount"/>).</summary>
    [JsonIgnore]
    public override long Amount
    {
        get => _amount ?? 0;
        set => _amount = value;
    }

    /// <summary>The part's amount in the currency's minor unit (<c>amount</c>), or null to leave it out.</summary>
    [JsonProperty("amount", NullValueHandling = NullValueHandling.Ignore)]
    public long? OptionalAmount
    {
        get => _amount;
        set => _amount = value;
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override bool HasAmount => _amount is not null;

    /// <summary>Payment partner, lower case, or null. Open list: uspmock, adyen, stripe, paypal, and others may
    /// appear.</summary>
    [JsonProperty("partner", NullValueHandling = NullValueHandling.Ignore)]
    public string? Partner { get; set; }

    /// <summary>Payment method, lower case, or null. Open list: primary, creditcard, applepay, cb3x, and others may
    /// appear.</summary>
    [JsonProperty("method", NullValueHandling = NullValueHandling.Ignore)]
    public string? Method { get; set; }

    /// <summary>Token produced by the partner's card form (vault).</summary>
    [JsonProperty("vault_form_token", NullValueHandling = NullValueHandling.Ignore)]
    public string? VaultFormToken { get; set; }

    /// <summary>Token produced by a wallet (e.g. Apple Pay).</summary>
    [JsonProperty("wallet_token", NullValueHandling = NullValueHandling.Ignore)]
    public string? WalletToken { get; set; }

    /// <summary>Whether the partner should keep the payment means for later use.</summary>
    [JsonProperty("save_token", NullValueHandling = NullValueHandling.Ignore)]
    public bool? SaveToken { get; set; }

    /// <summary>3DS options for this authorization.</summary>
    [JsonProperty("three_ds_authentication_options", NullValueHandling = NullValueHandling.Ignore)]
    public PaymentThreeDsAuthenticationOptions? ThreeDsAuthenticationOptions { get; set; }

    /// <summary>3DS server transaction id; at most one item of a split may carry it.</summary>
    [JsonProperty("three_ds_server_trans_id", NullValueHandling = NullValueHandling.Ignore)]
    public string? ThreeDsServerTransId { get; set; }

    private IDictionary<string, object>? _additionalProperties;

    /// <summary>Fields this version of the client does not know (e.g. an <c>id</c> or <c>status</c> in responses), kept
    /// so that nothing is lost.</summary>
    [JsonExtensionData]
    public IDictionary<string, object> AdditionalProperties
    {
        get => _additionalProperties ??= new Dictionary<string, object>();
        set => _additionalProperties = value;
    }
}
