using System.Collections;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;
using Purse.Models.Serialization;

namespace Purse;

/// <summary>
/// Finds a required field (<c>[JsonProperty(Required = Always)]</c>) left null in a request body, before
/// anything is sent: the body is streamed, so Newtonsoft would otherwise fail halfway through sending it.
/// The error names the JSON path (e.g. <c>order</c> or <c>split[2].partner</c>).
/// </summary>
internal static class RequiredFields
{
    private static readonly IContractResolver Resolver = JsonSerializer.Create(PurseJson.Settings).ContractResolver;

    public static void Check(object body)
    {
        if (Find(body, 0) is { } path)
        {
            throw new PurseInvalidRequestException(path, "This field is required by the API but is null.");
        }
    }

    /// <summary>
    /// The path, relative to <paramref name="value"/>, of the first required field left null ("" for the value
    /// itself), or null. Paths are built only on the way back from a failure: a large valid body costs no string.
    /// </summary>
    private static string? Find(object value, int depth)
    {
        // Types with their own converter (open enums, split candidates) are checked by their owners.
        switch (depth <= 32 ? Resolver.ResolveContract(value.GetType()) : null)
        {
            case JsonObjectContract { Converter: null } contract:
                foreach (var property in contract.Properties)
                {
                    // A non-nullable value type is never null and holds no nested field: not read (that would box it).
                    if (
                        property.Ignored
                        || !property.Readable
                        || property.ValueProvider is null
                        || property.PropertyType is { IsValueType: true } type
                            && Nullable.GetUnderlyingType(type) is null
                    )
                    {
                        continue;
                    }
                    var child = property.ValueProvider.GetValue(value);
                    var missing = child is null
                        ? (property.Required == Required.Always ? "" : null)
                        : Find(child, depth + 1);
                    if (missing is not null)
                    {
                        return property.PropertyName
                            + (missing.Length == 0 || missing[0] == '[' ? missing : "." + missing);
                    }
                }
                return null;
            case JsonArrayContract { Converter: null } when value is IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null && Find(item, depth + 1) is { } missing)
                    {
                        return $"[{index}]" + (missing.Length == 0 || missing[0] == '[' ? missing : "." + missing);
                    }
                    index++;
                }
                return null;
            default:
                return null;
        }
    }
}
