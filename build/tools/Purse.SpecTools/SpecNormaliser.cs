using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Purse.SpecTools;

/// <summary>
/// The spec's normal form, so that a diff of two versions shows only what changed: object keys
/// sorted (ordinal) at every level, arrays kept in order, 2-space indentation, LF line ends, a
/// final newline, UTF-8 without BOM. Strings are escaped as JavaScript's JSON.stringify does
/// (only quotes, backslashes and control characters); numbers keep their exact source text.
/// Normalising changes no meaning, and normalising twice changes nothing.
/// </summary>
public static class SpecNormaliser
{
    public static string Normalise(JsonElement root)
    {
        var text = new StringBuilder();
        Write(text, root, 0);
        text.Append('\n');
        return text.ToString();
    }

    public static byte[] NormaliseToUtf8(JsonElement root) =>
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Normalise(root));

    private static void Write(StringBuilder text, JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
                if (properties.Count == 0)
                {
                    text.Append("{}");
                    return;
                }
                text.Append("{\n");
                for (var i = 0; i < properties.Count; i++)
                {
                    Indent(text, depth + 1);
                    WriteString(text, properties[i].Name);
                    text.Append(": ");
                    Write(text, properties[i].Value, depth + 1);
                    text.Append(i < properties.Count - 1 ? ",\n" : "\n");
                }
                Indent(text, depth);
                text.Append('}');
                return;
            case JsonValueKind.Array:
                var items = element.EnumerateArray().ToList();
                if (items.Count == 0)
                {
                    text.Append("[]");
                    return;
                }
                text.Append("[\n");
                for (var i = 0; i < items.Count; i++)
                {
                    Indent(text, depth + 1);
                    Write(text, items[i], depth + 1);
                    text.Append(i < items.Count - 1 ? ",\n" : "\n");
                }
                Indent(text, depth);
                text.Append(']');
                return;
            case JsonValueKind.String:
                WriteString(text, element.GetString()!);
                return;
            default:
                // Numbers, true, false, null: the source text, so no precision is ever lost.
                text.Append(element.GetRawText());
                return;
        }
    }

    private static void Indent(StringBuilder text, int depth) => text.Append(' ', depth * 2);

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                default:
                    var loneSurrogate =
                        char.IsSurrogate(c)
                        && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
                    if (c < 0x20 || loneSurrogate)
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        text.Append('"');
    }
}
