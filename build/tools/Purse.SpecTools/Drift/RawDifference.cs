using System.Text.Json;

namespace Purse.SpecTools.Drift;

/// <summary>
/// Every place where two JSON documents differ in value, whatever it means. The differ's rules
/// must account for each of them; one they do not is still reported (see <see cref="SpecDiffer"/>),
/// so no change can pass unseen. Key order, whitespace and number spelling (1.0 vs 1) are no difference.
/// </summary>
internal sealed record RawDifference(RawDifferenceKind Kind, string OldPointer, string NewPointer)
{
    // Arrays whose order means nothing in OpenAPI: compared as sets.
    private static readonly HashSet<string> UnorderedArrays = ["enum", "required", "type", "tags"];

    public static List<RawDifference> Between(JsonElement oldRoot, JsonElement newRoot)
    {
        var found = new List<RawDifference>();
        Compare(oldRoot, newRoot, "#", "#", found);
        return found;
    }

    private static void Compare(
        JsonElement a,
        JsonElement b,
        string oldPointer,
        string newPointer,
        List<RawDifference> found
    )
    {
        if (a.ValueKind == JsonValueKind.Object && b.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in a.EnumerateObject())
            {
                var o = JsonPointer.Append(oldPointer, p.Name);
                var n = JsonPointer.Append(newPointer, p.Name);
                if (b.TryGetProperty(p.Name, out var other))
                {
                    Compare(p.Value, other, o, n, found);
                }
                else
                {
                    found.Add(new(RawDifferenceKind.Removed, o, n));
                }
            }
            foreach (var p in b.EnumerateObject().Where(p => !a.TryGetProperty(p.Name, out _)))
            {
                found.Add(
                    new(
                        RawDifferenceKind.Added,
                        JsonPointer.Append(oldPointer, p.Name),
                        JsonPointer.Append(newPointer, p.Name)
                    )
                );
            }
            return;
        }
        if (a.ValueKind == JsonValueKind.Array && b.ValueKind == JsonValueKind.Array)
        {
            CompareArrays(a, b, oldPointer, newPointer, found);
            return;
        }
        if (Json.Canonical(a) != Json.Canonical(b))
        {
            found.Add(new(RawDifferenceKind.Changed, oldPointer, newPointer));
        }
    }

    private static void CompareArrays(
        JsonElement a,
        JsonElement b,
        string oldPointer,
        string newPointer,
        List<RawDifference> found
    )
    {
        var oldItems = a.EnumerateArray().ToList();
        var newItems = b.EnumerateArray().ToList();
        var name = JsonPointer.Segments(oldPointer).LastOrDefault() ?? "";
        if (UnorderedArrays.Contains(name) && oldItems.All(i => i.ValueKind != JsonValueKind.Object))
        {
            if (!oldItems.Select(Json.Canonical).ToHashSet().SetEquals(newItems.Select(Json.Canonical)))
            {
                found.Add(new(RawDifferenceKind.ArrayChanged, oldPointer, newPointer));
            }
            return;
        }
        // Parameters and other named items: matched by name (and location), wherever they sit in the array.
        static string? Key(JsonElement item) =>
            item.GetString("name") is { } n ? (item.GetString("in") ?? "") + ":" + n : item.GetString("$ref");
        if (oldItems.Count > 0 && newItems.Count > 0 && oldItems.Concat(newItems).All(i => Key(i) is not null))
        {
            var newByKey = newItems
                .Select((item, index) => (item, index))
                .GroupBy(x => Key(x.item)!)
                .ToDictionary(g => g.Key, g => g.First());
            var oldKeys = new HashSet<string>();
            for (var i = 0; i < oldItems.Count; i++)
            {
                var key = Key(oldItems[i])!;
                oldKeys.Add(key);
                if (newByKey.TryGetValue(key, out var match))
                {
                    Compare(oldItems[i], match.item, oldPointer + "/" + i, newPointer + "/" + match.index, found);
                }
                else
                {
                    found.Add(new(RawDifferenceKind.Removed, oldPointer + "/" + i, newPointer + "/" + i));
                }
            }
            for (var j = 0; j < newItems.Count; j++)
            {
                if (!oldKeys.Contains(Key(newItems[j])!))
                {
                    found.Add(new(RawDifferenceKind.Added, oldPointer + "/" + j, newPointer + "/" + j));
                }
            }
            return;
        }
        if (oldItems.Count == newItems.Count)
        {
            for (var i = 0; i < oldItems.Count; i++)
            {
                Compare(oldItems[i], newItems[i], oldPointer + "/" + i, newPointer + "/" + i, found);
            }
            return;
        }
        found.Add(new(RawDifferenceKind.ArrayChanged, oldPointer, newPointer));
    }
}

internal enum RawDifferenceKind
{
    Added,
    Removed,
    Changed,
    ArrayChanged,
}
