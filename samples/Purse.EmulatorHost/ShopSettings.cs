using System.Text;

namespace Purse.EmulatorHost;

/// <summary>
/// What the host prints at start: where it listens, and the settings a shop gives its Purse client, as
/// environment variables (<c>__</c> for <c>:</c>; a client name must be a valid variable name, e.g. shop_fr).
/// </summary>
internal static class ShopSettings
{
    public static string Banner(EmulatorHostOptions settings, Uri baseAddress)
    {
        var prefix = settings.ClientName.Length == 0 ? "Purse__" : $"Purse__Clients__{settings.ClientName}__";
        var text = new StringBuilder();
        text.AppendLine($"Purse emulator on {baseAddress} (API, token endpoint, hosted payment pages)");
        text.AppendLine("Point your shop's Purse client at it (these are the emulator's credentials, not secrets):");
        text.AppendLine($"  {prefix}BaseAddress={baseAddress}");
        text.AppendLine($"  {prefix}ClientId={settings.ClientId}");
        text.AppendLine($"  {prefix}ClientSecret={settings.ClientSecret}");
        text.AppendLine($"  {prefix}ApiKey={settings.ApiKey}");
        text.AppendLine($"  {prefix}EntityId={settings.EntityId}");
        text.AppendLine("Sessions created with integration_mode HOSTED_PAGE get a links.hosted_page on this host.");
        text.AppendLine(
            settings.WebhookUrl.Length == 0
                ? "Webhooks go to each session's webhook.url (loopback hosts only)."
                : $"Webhooks go to each session's webhook.url, else {settings.WebhookUrl}."
        );
        text.AppendLine("Press Ctrl+C to stop.");
        return text.ToString();
    }
}
