using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Purse.Models.Serialization;

/// <summary>
/// Reads a <see cref="Link"/> from a plain URL string (as <c>links.hosted_page</c> is documented) or
/// from an <c>{href, method}</c> object (fields it does not know kept), and writes it back in the
/// shape it was read in, so a payload round-trips unchanged.
/// </summary>
public sealed class LinkJsonConverter : JsonConverter<Link>
{
    /// <inheritdoc />
    public override Link? ReadJson(
        JsonReader reader,
        Type objectType,
        Link? existingValue,
        bool hasExistingValue,
        JsonSerializer serializer
    )
    {
        switch (reader.TokenType)
        {
            case JsonToken.Null:
                return null;
            case JsonToken.String:
                return Link.FromUrl((string)reader.Value!);
            case JsonToken.StartObject:
                var link = new Link();
                // Populate fills the object by its contract (this converter is not re-entered).
                serializer.Populate(reader, link);
                return link;
            default:
                throw new JsonSerializationException(
                    $"A link must be a URL string or an {{href, method}} object, not {reader.TokenType} (path "
                        + $"'{reader.Path}')."
                );
        }
    }

    /// <inheritdoc />
    public override void WriteJson(JsonWriter writer, Link? value, JsonSerializer serializer)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }
        if (value.IsPlainUrl && value.Method is null && value.AdditionalProperties.Count == 0)
        {
            writer.WriteValue(value.Href);
            return;
        }
        var json = new JObject();
        if (value.Href is not null)
        {
            json["href"] = value.Href;
        }
        if (value.Method is not null)
        {
            json["method"] = value.Method;
        }
        foreach (var (name, extra) in value.AdditionalProperties)
        {
            json[name] = extra is null ? JValue.CreateNull() : JToken.FromObject(extra, serializer);
        }
        json.WriteTo(writer);
    }
}
