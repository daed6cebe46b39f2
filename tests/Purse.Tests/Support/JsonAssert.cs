using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Purse.Tests.Support;

/// <summary>
/// Compares JSON by meaning: property order is ignored, numbers compare by value and date-time
/// strings by instant (so "…22Z" equals "…22+00:00"). A failure lists every differing path.
/// </summary>
internal static class JsonAssert
{
    public static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        return JToken.ReadFrom(reader);
    }

    public static void AreEquivalent(JToken expected, JToken actual, string because = "")
    {
        var differences = new List<string>();
        Compare(expected, actual, "$", differences);
        if (differences.Count > 0)
        {
            Assert.Fail(
                $"JSON differs{(because.Length > 0 ? " (" + because + ")" : "")}:\n  "
                    + string.Join("\n  ", differences.Take(40))
            );
        }
    }

    public static IReadOnlyList<string> Differences(JToken expected, JToken actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, "$", differences);
        return differences;
    }

    private static void Compare(JToken expected, JToken actual, string path, List<string> differences)
    {
        switch (expected)
        {
            case JObject expectedObject when actual is JObject actualObject:
                foreach (var property in expectedObject.Properties())
                {
                    if (actualObject.Property(property.Name) is { } other)
                    {
                        Compare(property.Value, other.Value, $"{path}.{property.Name}", differences);
                    }
                    else
                    {
                        differences.Add($"{path}.{property.Name}: missing (expected {Short(property.Value)})");
                    }
                }
                foreach (var extra in actualObject.Properties().Where(p => expectedObject.Property(p.Name) is null))
                {
                    differences.Add($"{path}.{extra.Name}: unexpected {Short(extra.Value)}");
                }
                break;
            case JArray expectedArray when actual is JArray actualArray:
                if (expectedArray.Count != actualArray.Count)
                {
                    differences.Add($"{path}: {expectedArray.Count} items expected, {actualArray.Count} found");
                }
                for (var i = 0; i < Math.Min(expectedArray.Count, actualArray.Count); i++)
                {
                    Compare(expectedArray[i], actualArray[i], $"{path}[{i}]", differences);
                }
                break;
            case JValue expectedValue when actual is JValue actualValue:
                if (!ValuesEqual(expectedValue, actualValue))
                {
                    differences.Add($"{path}: expected {Short(expectedValue)}, found {Short(actualValue)}");
                }
                break;
            default:
                differences.Add(
                    $"{path}: expected {expected.Type} {Short(expected)}, found {actual.Type} {Short(actual)}"
                );
                break;
        }
    }

    private static bool ValuesEqual(JValue expected, JValue actual)
    {
        if (expected.Value is System.Numerics.BigInteger || actual.Value is System.Numerics.BigInteger)
        {
            // Integers beyond 64 bits are not IConvertible: compare their exact text.
            return expected.ToString(Formatting.None) == actual.ToString(Formatting.None);
        }
        if (IsNumber(expected) && IsNumber(actual))
        {
            return Convert.ToDecimal(expected.Value, System.Globalization.CultureInfo.InvariantCulture)
                == Convert.ToDecimal(actual.Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (
            expected.Type == JTokenType.String
            && actual.Type == JTokenType.String
            && DateTimeOffset.TryParse(
                (string)expected!,
                System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind,
                out var expectedDate
            )
            && ((string)expected!).Contains('T')
            && DateTimeOffset.TryParse(
                (string)actual!,
                System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind,
                out var actualDate
            )
        )
        {
            return expectedDate == actualDate;
        }
        return JToken.DeepEquals(expected, actual);
    }

    private static bool IsNumber(JValue value) => value.Type is JTokenType.Integer or JTokenType.Float;

    private static string Short(JToken token)
    {
        var text = token.ToString(Formatting.None);
        return text.Length > 80 ? text[..77] + "..." : text;
    }
}
