using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Purse.Models;

/// <summary>
/// Reads a split item by its shape (the spec gives no discriminator field) and writes each
/// candidate exactly as the spec describes it. Shapes, by the fields present:
/// <list type="bullet">
/// <item><c>partner_transaction_id</c>: <see cref="DuplicateAuthorizationCandidate"/>;</item>
/// <item><c>foreign_partner_transaction_id</c>:
/// <see cref="DuplicateForeignAuthorizationCandidateByPartnerTransaction"/>;</item>
/// <item><c>foreign_scheme_transaction_id</c>:
/// <see cref="DuplicateForeignAuthorizationCandidateBySchemeTransaction"/>;</item>
/// <item>none of those ids: <see cref="NewAuthorizationCandidate"/> (which requires nothing);</item>
/// <item>anything else (two of those ids, a required field missing, not an object):
/// <see cref="UnknownSplitCandidate"/>.</item>
/// </list>
/// An item is typed only if the typed candidate writes back the same JSON (nulls aside): a
/// field of an unexpected type (an amount as a string, a fractional amount) would otherwise be
/// coerced, so such an item stays an <see cref="UnknownSplitCandidate"/>, raw and whole.
/// </summary>
public sealed class SplitCandidateJsonConverter : JsonConverter
{
    private const string PartnerTransactionId = "partner_transaction_id";
    private const string ForeignPartnerTransactionId = "foreign_partner_transaction_id";
    private const string ForeignSchemeTransactionId = "foreign_scheme_transaction_id";

    /// <inheritdoc />
    public override bool CanConvert(Type objectType) => typeof(SplitCandidate).IsAssignableFrom(objectType);

    /// <inheritdoc />
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
        var item = JToken.Load(reader);
        var candidate =
            objectType == typeof(UnknownSplitCandidate) ? new UnknownSplitCandidate(item) : Read(item, serializer);
        if (!objectType.IsInstanceOfType(candidate))
        {
            throw new JsonSerializationException(
                $"The split item at '{path}' has the shape of {candidate.GetType().Name}, not {objectType.Name}."
            );
        }
        return candidate;
    }

    /// <inheritdoc />
    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
    {
        switch (value)
        {
            case null:
                writer.WriteNull();
                break;
            case UnknownSplitCandidate unknown:
                unknown.Json.WriteTo(writer);
                break;
            default:
                // Known candidates carry DefaultShape, so this serialises them by their properties.
                serializer.Serialize(writer, value);
                break;
        }
    }

    /// <summary>The candidate type an item's fields point to, or null when they match no single shape.</summary>
    internal static Type? ShapeOf(JObject item)
    {
        var ids = new[] { PartnerTransactionId, ForeignPartnerTransactionId, ForeignSchemeTransactionId }
            .Where(id => item.ContainsKey(id))
            .ToList();
        if (ids.Count > 1)
        {
            return null;
        }
        var hasAmount = item.ContainsKey("amount");
        var hasPartnerAndMethod = item.ContainsKey("partner") && item.ContainsKey("method");
        return ids.SingleOrDefault() switch
        {
            PartnerTransactionId when hasAmount => typeof(DuplicateAuthorizationCandidate),
            ForeignPartnerTransactionId when hasAmount && hasPartnerAndMethod =>
                typeof(DuplicateForeignAuthorizationCandidateByPartnerTransaction),
            ForeignSchemeTransactionId when hasAmount && hasPartnerAndMethod =>
                typeof(DuplicateForeignAuthorizationCandidateBySchemeTransaction),
            // NewAuthorizationCandidate requires nothing (the docs' example has no amount, partner or method).
            null => typeof(NewAuthorizationCandidate),
            _ => null,
        };
    }

    private static SplitCandidate Read(JToken item, JsonSerializer serializer)
    {
        if (item is not JObject json || ShapeOf(json) is not { } shape)
        {
            return new UnknownSplitCandidate(item);
        }
        try
        {
            var candidate = (SplitCandidate)json.ToObject(shape, serializer)!;
            return JToken.DeepEquals(
                AsWireJson(WithoutNulls(json).ToString(Formatting.None)),
                AsWireJson(Serialize(candidate, serializer))
            )
                ? candidate
                : new UnknownSplitCandidate(item);
        }
        catch (Exception e)
            when (e
                    is JsonException
                        or FormatException
                        or InvalidCastException
                        or OverflowException
                        or ArgumentException
            )
        {
            return new UnknownSplitCandidate(item);
        }
    }

    private static string Serialize(SplitCandidate candidate, JsonSerializer serializer)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        serializer.Serialize(text, candidate);
        return text.ToString();
    }

    /// <summary>Reads JSON text with every value as its wire text says (no dates, exact decimals), so that both sides
    /// compare alike.</summary>
    private static JToken AsWireJson(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        return JToken.ReadFrom(reader);
    }

    /// <summary>A copy without null-valued properties, which typed candidates do not write back.</summary>
    private static JToken WithoutNulls(JToken token)
    {
        switch (token)
        {
            case JObject json:
                var copy = new JObject();
                foreach (var property in json.Properties().Where(p => p.Value.Type != JTokenType.Null))
                {
                    copy.Add(property.Name, WithoutNulls(property.Value));
                }
                return copy;
            case JArray array:
                return new JArray(array.Select(WithoutNulls));
            default:
                return token;
        }
    }

    /// <summary>
    /// Put on each concrete candidate: it stops the <see cref="SplitCandidateJsonConverter"/>
    /// its base declares from applying (Newtonsoft inherits converter attributes), so Newtonsoft's
    /// own object handling reads and writes the candidate's properties.
    /// </summary>
    public sealed class DefaultShape : JsonConverter
    {
        /// <inheritdoc />
        public override bool CanRead => false;

        /// <inheritdoc />
        public override bool CanWrite => false;

        /// <inheritdoc />
        public override bool CanConvert(Type objectType) => false;

        /// <inheritdoc />
        public override object? ReadJson(
            JsonReader reader,
            Type objectType,
            object? existingValue,
            JsonSerializer serializer
        ) => throw new NotSupportedException("Newtonsoft reads the candidate itself (CanRead is false).");

        /// <inheritdoc />
        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) =>
            throw new NotSupportedException("Newtonsoft writes the candidate itself (CanWrite is false).");
    }
}
