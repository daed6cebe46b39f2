using Newtonsoft.Json;

namespace Purse.Models.Serialization;

/// <summary>
/// The JSON settings every Purse payload is read and written with. The generated raw clients
/// apply <see cref="Configure"/> (nswag.json, jsonSerializerSettingsTransformationMethod);
/// the facade, the emulator and tests use <see cref="Settings"/>.
/// </summary>
public static class PurseJson
{
    /// <summary>Shared, configured settings. Do not mutate.</summary>
    public static JsonSerializerSettings Settings { get; } = Configure(new JsonSerializerSettings());

    /// <summary>Applies the Purse conventions to <paramref name="settings"/> and returns it.</summary>
    public static JsonSerializerSettings Configure(JsonSerializerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Typed DateTimeOffset properties still parse; unknown fields keep their exact text, so
        // "2019-08-24T14:15:22Z" is not rewritten as a local DateTime when a payload round-trips.
        settings.DateParseHandling = DateParseHandling.None;
        settings.DateTimeZoneHandling = DateTimeZoneHandling.RoundtripKind;
        // Amounts are integers; anything fractional is kept exactly rather than as a double.
        settings.FloatParseHandling = FloatParseHandling.Decimal;
        // Unknown fields are tolerated (generated classes keep them in AdditionalProperties).
        settings.MissingMemberHandling = MissingMemberHandling.Ignore;
        settings.MaxDepth = 64;
        return settings;
    }
}
