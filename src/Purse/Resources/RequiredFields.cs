using System.Collections;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;
using Purse.Models.Serialization;

namespace Purse;

/// <summary>
/// Finds a required field (<c>[JsonProperty(Required = Always)]</c>) left null in a request body, before
/// anything is sent: the body is streamed, so Newtonsoft would otherwise fail halfway through sending it.
/// The error names the JSON path (e.g. <c>order</c> or <c>shopper_redirection_url</c>).
/// </summary>
internal static class RequiredFields
{
    private static readonly IContractResolver Resolver = JsonSerializer.Create(PurseJson.Settings).ContractResolver;

    public static void Check(object body) => Walk(body, "", 0);

    private static void Walk(object value, string path, int depth)
    {
        // Types with their own converter (open enums, split candidates) are checked by their owners.
        switch (depth <= 32 ? Resolver.ResolveContract(value.GetType()) : null)
        {
            case JsonObjectContract { Converter: null } contract:
                foreach (var property in contract.Properties.Where(p => !p.Ignored && p.Readable && p.ValueProvider is not null))
                {
                    var name = path.Length == 0 ? property.PropertyName! : $"{path}.{property.PropertyName}";
                    switch (property.ValueProvider!.GetValue(value))
                    {
                        case null when property.Required == Required.Always:
                            throw new PurseInvalidRequestException(name, "This field is required by the API but is null.");
                        case { } child:
                            Walk(child, name, depth + 1);
                            break;
                    }
                }
                break;
            case JsonArrayContract { Converter: null } when value is IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        Walk(item, $"{path}[{index}]", depth + 1);
                    }
                    index++;
                }
                break;
        }
    }
}
