using Newtonsoft.Json;
using Purse.Models.Serialization;

namespace Purse.Testing.State;

/// <summary>Deep copies through the wire format, so callers never share the emulator's objects.</summary>
internal static class Snapshot
{
    public static T Copy<T>(T value) where T : class =>
        Convert<T>(value);

    /// <summary>Reads one DTO as another with the same field names (e.g. a request as its resource).</summary>
    public static T Convert<T>(object value) =>
        JsonConvert.DeserializeObject<T>(JsonConvert.SerializeObject(value, PurseJson.Settings), PurseJson.Settings)
        ?? throw new InvalidOperationException($"Could not copy a {value.GetType().Name} as {typeof(T).Name}.");
}
