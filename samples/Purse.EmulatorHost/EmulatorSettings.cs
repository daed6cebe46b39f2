using Purse.Testing;

namespace Purse.EmulatorHost;

/// <summary>The emulator's options from the host's settings; each invalid one named.</summary>
internal static class EmulatorSettings
{
    public static EmulatorOptions From(EmulatorHostOptions settings)
    {
        var options = new EmulatorOptions
        {
            EntityId =
                settings.EntityId != Guid.Empty ? settings.EntityId : throw Invalid("EntityId", "a non-empty UUID"),
            ClientId = Required(settings.ClientId, "ClientId"),
            ClientSecret = Required(settings.ClientSecret, "ClientSecret"),
            ApiKey = Required(settings.ApiKey, "ApiKey"),
            WebhookUrl = WebhookUrl(settings.WebhookUrl),
        };
        foreach (var host in settings.AllowedWebhookHosts)
        {
            options.AllowedWebhookHosts.Add(host);
        }
        options.EligibleSolutions.Clear();
        foreach (var solution in settings.EligibleSolutions)
        {
            var parts = solution.Split('/');
            if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
            {
                throw Invalid("EligibleSolutions", $"partner/method pairs such as uspmock/primary (got '{solution}')");
            }
            options.EligibleSolutions.Add(new EligibleSolutionRule(parts[0].Trim(), parts[1].Trim()));
        }
        if (options.EligibleSolutions.Count == 0)
        {
            throw Invalid("EligibleSolutions", "at least one partner/method pair");
        }
        return options;
    }

    private static string Required(string value, string key) =>
        string.IsNullOrWhiteSpace(value) ? throw Invalid(key, "a value") : value;

    private static Uri? WebhookUrl(string value) =>
        value.Length == 0 ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
        : throw Invalid("WebhookUrl", $"an absolute http(s) URL (got '{value}')");

    private static InvalidOperationException Invalid(string key, string expected) =>
        new(
            $"Emulator setting '{key}' must be {expected} (appsettings.json, the environment variable "
                + $"Emulator__{key}, or --Emulator:{key} on the command line)."
        );
}
