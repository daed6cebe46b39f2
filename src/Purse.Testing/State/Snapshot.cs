using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models.Serialization;

namespace Purse.Testing.State;

/// <summary>Deep copies through the wire format, so callers never share the emulator's objects.</summary>
internal static class Snapshot
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(PurseJson.Settings);

    public static T Copy<T>(T value)
        where T : class => JObject.FromObject(value, Serializer).ToObject<T>(Serializer)!;

    /// <summary>
    /// Reads a request as the resource it creates (same field names), with the new resource's
    /// <paramref name="id"/>; the caller clears the fields the resource does not declare.
    /// </summary>
    public static T AsResource<T>(object request, Guid id)
        where T : class
    {
        var json = JObject.FromObject(request, Serializer);
        json["id"] = id.ToString();
        return json.ToObject<T>(Serializer)!;
    }
}
