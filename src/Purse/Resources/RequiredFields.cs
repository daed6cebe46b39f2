using System.Collections;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;
using Purse.Models.Serialization;

namespace Purse;

/// <summary>
/// Finds a required field left null in a request body before it is sent. Without this check
/// Newtonsoft would fail while the body is already being streamed to Purse, which reads as a
/// transport error; here it is a <see cref="PurseInvalidRequestException"/> naming the JSON path
/// (e.g. <c>order</c> or <c>shopper_redirection_url</c>) and nothing is sent.
/// Required-ness comes from the generated <c>[JsonProperty(Required = Always)]</c>, through the
/// same contract resolver the body is written with.
/// </summary>
internal static class RequiredFields
{
    private const int MaxDepth = 32;
    private static readonly IContractResolver Resolver = JsonSerializer.Create(PurseJson.Settings).ContractResolver;

    public static void Check(object body) => Walk(body, "", 0);

    private static void Walk(object value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }
        switch (Resolver.ResolveContract(value.GetType()))
        {
            // Types with their own converter (open enums, split candidates) are checked by their owners.
            case { Converter: not null }:
                return;
            case JsonObjectContract contract:
                foreach (var property in contract.Properties)
                {
                    if (property.Ignored || !property.Readable || property.ValueProvider is null)
                    {
                        continue;
                    }
                    var name = path.Length == 0 ? property.PropertyName! : $"{path}.{property.PropertyName}";
                    var child = property.ValueProvider.GetValue(value);
                    if (child is null)
                    {
                        if (property.Required == Required.Always)
                        {
                            throw new PurseInvalidRequestException(name, "This field is required by the API but is null.");
                        }
                        continue;
                    }
                    Walk(child, name, depth + 1);
                }
                return;
            case JsonArrayContract when value is IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        Walk(item, $"{path}[{index}]", depth + 1);
                    }
                    index++;
                }
                return;
        }
    }
}
