using Newtonsoft.Json.Linq;

namespace Purse.Models;

/// <summary>
/// A split item of no shape this client version knows (a candidate Purse added later, two
/// transaction ids at once, a field of an unexpected type...). It is kept exactly as received
/// and written back unchanged, never dropped nor coerced into a known candidate.
/// </summary>
public sealed class UnknownSplitCandidate : SplitCandidate
{
    /// <summary>Wraps a raw split item; also lets a caller send a shape this client does not model yet.</summary>
    public UnknownSplitCandidate(JToken json)
    {
        Json = json ?? throw new ArgumentNullException(nameof(json));
    }

    /// <summary>The item exactly as received (usually a JSON object).</summary>
    public JToken Json { get; }

    /// <summary>True when the item has an integer <c>amount</c> that fits a <see cref="long"/>.</summary>
    public override bool HasAmount => ReadAmount() is not null;

    /// <summary>The item's integer <c>amount</c>, or 0 when it has none (see <see cref="HasAmount"/>). Setting it
    /// rewrites <c>amount</c> in <see cref="Json"/>.</summary>
    public override long Amount
    {
        get => ReadAmount() ?? 0;
        set
        {
            if (Json is not JObject item)
            {
                throw new InvalidOperationException(
                    $"This split item is a JSON {Json.Type}, not an object: it has no amount to set."
                );
            }
            item["amount"] = value;
        }
    }

    private long? ReadAmount() =>
        Json is JObject { } item && item["amount"] is JValue { Type: JTokenType.Integer, Value: long amount }
            ? amount
            : null;
}
