using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Models.Serialization;

namespace Purse.Benchmarks;

/// <summary>
/// Test data read from the spec at startup (never a copy): the Payment sample that every stub
/// answers, and the create-payment request sample grown to a large order.
/// </summary>
internal static class SpecSamples
{
    private static readonly Lazy<JObject> Spec = new(() => JObject.Parse(File.ReadAllText(SpecPath())));

    /// <summary>The example of <c>GET /payment/v2/payments/{id}</c> 200, as UTF-8 bytes.</summary>
    public static byte[] PaymentJson() =>
        System.Text.Encoding.UTF8.GetBytes(
            Example("/payment/v2/payments/{id}", "get", "200").ToString(Formatting.None)
        );

    /// <summary>The id of the Payment sample.</summary>
    public static Guid PaymentId() => Guid.Parse((string)Example("/payment/v2/payments/{id}", "get", "200")["id"]!);

    /// <summary>The create-payment request example with its first item line repeated <paramref name="lines"/>
    /// times.</summary>
    public static CreatePaymentRequest CreatePaymentRequest(int lines)
    {
        var body = (JObject)
            Spec.Value["paths"]!["/payment/v2/payments"]!["post"]!["requestBody"]!["content"]!["application/json"]![
                "example"
            ]!.DeepClone();
        var itemLines = (JArray)body["order"]!["item_lines"]!;
        var line = itemLines[0];
        itemLines.Clear();
        for (var i = 0; i < lines; i++)
        {
            var copy = (JObject)line.DeepClone();
            copy["sku_reference"] = $"SKU-{i:D6}";
            itemLines.Add(copy);
        }
        return body.ToObject<CreatePaymentRequest>(JsonSerializer.Create(PurseJson.Settings))!;
    }

    private static JToken Example(string path, string method, string status) =>
        Spec.Value["paths"]![path]![method]!["responses"]![status]!["content"]!["application/json"]!["example"]!;

    /// <summary>openapi/purse-payment-v2.json, found above the working directory or the binaries
    /// (BenchmarkDotNet runs each benchmark from a generated project under bin/).</summary>
    private static string SpecPath()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "openapi", "purse-payment-v2.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new FileNotFoundException(
            "openapi/purse-payment-v2.json not found above " + Directory.GetCurrentDirectory()
        );
    }
}
