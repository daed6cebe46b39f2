using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Purse.Models.Serialization;

/// <summary>
/// Reads a generated type one of whose fields the spec types as a string, although Purse may send a JSON object or
/// array there (what the spec guessed before Purse's own code showed a string): such a value becomes its JSON text,
/// so the whole payment still reads instead of failing. Every other field is read by the type's contract, as usual;
/// writing is the default one (the text is written back as a string).
/// </summary>
/// <param name="field">The JSON name of the field, e.g. <c>form</c>.</param>
internal sealed class JsonTextFieldConverter(string field) : JsonConverter
{
    public override bool CanWrite => false;

    public override bool CanConvert(Type objectType) => true;

    public override object? ReadJson(
        JsonReader reader,
        Type objectType,
        object? existingValue,
        JsonSerializer serializer
    )
    {
        if (reader.TokenType == JsonToken.Null)
        {
            return null;
        }
        var path = reader.Path;
        var json = JToken.Load(reader);
        if (json is JObject fields && fields[field] is JContainer structured)
        {
            fields[field] = structured.ToString(Formatting.None);
        }
        var value = existingValue ?? Activator.CreateInstance(objectType)!;
        // Populate fills the object by its contract (this converter is not re-entered); the initial path keeps the
        // paths of any later error as they were (e.g. 'redirection.href').
        using var contract = new JTokenReader(json, path);
        serializer.Populate(contract, value);
        return value;
    }

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) =>
        throw new NotSupportedException("Written by the type's contract (CanWrite is false).");
}
