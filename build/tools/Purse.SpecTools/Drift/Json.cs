using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Purse.SpecTools.Drift;

/// <summary>Small helpers over <see cref="JsonElement"/> for the differ.</summary>
internal static class Json
{
    public static JsonElement? Get(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static string? GetString(this JsonElement element, string name) =>
        element.Get(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool GetBool(this JsonElement element, string name) =>
        element.Get(name) is { ValueKind: JsonValueKind.True };

    public static IEnumerable<JsonProperty> Properties(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } e ? e.EnumerateObject() : [];

    public static IEnumerable<JsonElement> Items(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } e ? e.EnumerateArray() : [];

    /// <summary>The element at a local pointer (<c>#/components/schemas/X</c>), or null.</summary>
    public static JsonElement? At(this JsonElement root, string pointer)
    {
        JsonElement? current = root;
        foreach (var segment in JsonPointer.Segments(pointer))
        {
            if (current is not { } e)
            {
                return null;
            }
            current = e.ValueKind switch
            {
                JsonValueKind.Object => e.Get(segment),
                JsonValueKind.Array
                    when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                        && i < e.GetArrayLength() => e[i],
                _ => null,
            };
        }
        return current;
    }

    /// <summary>Follows local <c>$ref</c>s to what they point at; returns the element and its own pointer.</summary>
    public static (JsonElement Element, string Pointer, string? Reference) Resolve(
        JsonElement root,
        JsonElement element,
        string pointer
    )
    {
        string? reference = null;
        for (
            var hops = 0;
            hops < 32 && element.GetString("$ref") is { } target && target.StartsWith("#/", StringComparison.Ordinal);
            hops++
        )
        {
            if (root.At(target) is not { } resolved)
            {
                break;
            }
            reference ??= target;
            element = resolved;
            pointer = target;
        }
        return (element, pointer, reference);
    }

    /// <summary>A compact form with sorted keys and normalised numbers: equal strings mean equal JSON values.</summary>
    public static string Canonical(JsonElement element)
    {
        var text = new StringBuilder();
        Write(element);
        return text.ToString();

        void Write(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    text.Append('{');
                    var first = true;
                    foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        if (!first)
                        {
                            text.Append(',');
                        }
                        first = false;
                        text.Append(JsonSerializer.Serialize(p.Name)).Append(':');
                        Write(p.Value);
                    }
                    text.Append('}');
                    break;
                case JsonValueKind.Array:
                    text.Append('[');
                    var firstItem = true;
                    foreach (var item in e.EnumerateArray())
                    {
                        if (!firstItem)
                        {
                            text.Append(',');
                        }
                        firstItem = false;
                        Write(item);
                    }
                    text.Append(']');
                    break;
                case JsonValueKind.Number:
                    text.Append(
                        decimal.TryParse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                            ? (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)
                            : e.GetRawText()
                    );
                    break;
                case JsonValueKind.String:
                    text.Append(JsonSerializer.Serialize(e.GetString()));
                    break;
                default:
                    text.Append(e.GetRawText());
                    break;
            }
        }
    }

    public static bool SameValue(JsonElement? a, JsonElement? b) =>
        (a is null && b is null) || (a is { } x && b is { } y && Canonical(x) == Canonical(y));

    public static string Show(JsonElement? element) => element is { } e ? Canonical(e) : "(none)";
}
