namespace Purse.SpecTools;

/// <summary>RFC 6901 JSON pointers in URI-fragment form (<c>#/components/schemas/Payment</c>).</summary>
public static class JsonPointer
{
    public static string Escape(string segment) =>
        segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Unescape(string segment) =>
        segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    public static string Append(string pointer, string segment) => pointer + "/" + Escape(segment);

    public static string[] Segments(string pointer) =>
        pointer.TrimStart('#').Split('/', StringSplitOptions.None).Skip(1).Select(Unescape).ToArray();

    /// <summary>True when <paramref name="pointer"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public static bool IsAtOrBelow(string pointer, string ancestor) =>
        pointer == ancestor || pointer.StartsWith(ancestor + "/", StringComparison.Ordinal);
}
