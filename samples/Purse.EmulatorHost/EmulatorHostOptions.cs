namespace Purse.EmulatorHost;

/// <summary>
/// The host's settings (section <c>Emulator</c>): fixed, so that a shop's configuration stays valid from one run
/// to the next. These credentials are the emulator's, published in appsettings.json: not secrets.
/// </summary>
public sealed class EmulatorHostOptions
{
    /// <summary>The port on 127.0.0.1 (API, token endpoint, hosted pages); 0: a free one.</summary>
    public int Port { get; set; } = 5080;

    /// <summary>The entity the emulator accepts (<c>entity_id</c>).</summary>
    public Guid EntityId { get; set; }

    /// <summary>The OAuth2 client id the token endpoint accepts.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The OAuth2 client secret the token endpoint accepts.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The <c>x-api-key</c> every call must carry.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>
    /// The name of the shop's Purse client, to print its settings as <c>Purse__Clients__{name}__…</c>; empty: the
    /// default client (<c>Purse__…</c>).
    /// </summary>
    public string ClientName { get; set; } = "";

    /// <summary>Where webhooks go when a session or payment names no <c>webhook.url</c>; empty: nowhere.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Hosts other than loopback that webhooks may be posted to.</summary>
    public List<string> AllowedWebhookHosts { get; } = [];

    /// <summary>The eligible solutions offered for every amount, as <c>partner/method</c>.</summary>
    public List<string> EligibleSolutions { get; } = [];
}
