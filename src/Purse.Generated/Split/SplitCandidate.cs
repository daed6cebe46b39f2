using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Purse.Models;

/// <summary>
/// One item of a payment's <c>split</c>: the spec's oneOf of authorization candidates, which
/// has no discriminator. NSwag would collapse it to its first candidate and drop the others'
/// fields, so the generator is told to leave it out (nswag.json, excludedTypeNames) and this
/// hand-written type keeps each item whole, as raw JSON.
/// </summary>
[JsonConverter(typeof(SplitCandidateJsonConverter))]
public sealed class SplitCandidate
{
    /// <summary>Wraps one split item.</summary>
    public SplitCandidate(JObject json)
    {
        Json = json ?? throw new ArgumentNullException(nameof(json));
    }

    /// <summary>The item exactly as sent or received.</summary>
    public JObject Json { get; }
}

/// <summary>Reads and writes a <see cref="SplitCandidate"/> as the JSON object it holds.</summary>
public sealed class SplitCandidateJsonConverter : JsonConverter<SplitCandidate>
{
    /// <inheritdoc />
    public override SplitCandidate? ReadJson(JsonReader reader, Type objectType, SplitCandidate? existingValue, bool hasExistingValue, JsonSerializer serializer)
    {
        if (reader.TokenType == JsonToken.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonToken.StartObject)
        {
            throw new JsonSerializationException($"A split item must be a JSON object; found {reader.TokenType} at '{reader.Path}'.");
        }
        return new SplitCandidate(JObject.Load(reader));
    }

    /// <inheritdoc />
    public override void WriteJson(JsonWriter writer, SplitCandidate? value, JsonSerializer serializer)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }
        value.Json.WriteTo(writer);
    }
}
