using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Purse.Models.Serialization;

/// <summary>
/// Reads and writes an <see cref="IOpenEnum{TSelf}"/> as its raw JSON string. Any string is
/// accepted; a number or boolean is kept as its JSON text (a lenient server may send one);
/// an object or array is a <see cref="JsonSerializationException"/> naming the type and path.
/// </summary>
/// <typeparam name="T">The open enumeration.</typeparam>
public sealed class OpenEnumJsonConverter<T> : JsonConverter
    where T : struct, IOpenEnum<T>
{
    /// <inheritdoc />
    public override bool CanConvert(Type objectType) => objectType == typeof(T) || objectType == typeof(T?);

    /// <inheritdoc />
    public override object? ReadJson(
        JsonReader reader,
        Type objectType,
        object? existingValue,
        JsonSerializer serializer
    )
    {
        switch (reader.TokenType)
        {
            case JsonToken.Null:
            case JsonToken.Undefined:
                if (objectType == typeof(T?))
                {
                    return null;
                }
                throw new JsonSerializationException($"Null is not a valid {typeof(T).Name} at '{reader.Path}'.");
            case JsonToken.String:
                return T.FromValue((string)reader.Value!);
            case JsonToken.Integer:
            case JsonToken.Float:
            case JsonToken.Boolean:
                return T.FromValue(JToken.Load(reader).ToString(Formatting.None));
            default:
                throw new JsonSerializationException(
                    $"Expected a string for {typeof(T).Name} at '{reader.Path}' but found {reader.TokenType}."
                );
        }
    }

    /// <inheritdoc />
    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
    {
        if (value is T known)
        {
            writer.WriteValue(known.Value);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
