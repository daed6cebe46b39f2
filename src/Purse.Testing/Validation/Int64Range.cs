using System.Numerics;
using Newtonsoft.Json.Linq;

namespace Purse.Testing.Validation;

/// <summary>
/// Every integer of the spec is an int64: a JSON number beyond it (read as a BigInteger) is
/// refused with a 400 naming its field, before schema validation or binding trip over it.
/// </summary>
internal static class Int64Range
{
    public static void Require(JToken body)
    {
        foreach (var token in body is JContainer container ? container.DescendantsAndSelf() : [body])
        {
            if (token is JValue { Type: JTokenType.Integer, Value: BigInteger })
            {
                throw EmulatorProblem.InvalidField(
                    Pointer(token),
                    $"must be an integer between {long.MinValue} and {long.MaxValue}"
                );
            }
        }
    }

    /// <summary>The JSON pointer of a token, e.g. <c>/split/0/amount</c>.</summary>
    private static string Pointer(JToken token)
    {
        var parts = new Stack<string>();
        for (var current = token; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case JProperty property:
                    parts.Push(
                        property
                            .Name.Replace("~", "~0", StringComparison.Ordinal)
                            .Replace("/", "~1", StringComparison.Ordinal)
                    );
                    break;
                case JArray array:
                    parts.Push(array.IndexOf(current).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
        return "/" + string.Join('/', parts);
    }
}
