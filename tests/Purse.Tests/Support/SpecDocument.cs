using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Purse.Tests.Support;

/// <summary>
/// The committed OpenAPI spec, read as JSON, so that tests take their request and response
/// samples from the same file the client is generated from instead of repeating them.
/// </summary>
internal sealed class SpecDocument
{
    private static readonly Lazy<SpecDocument> LazyCurrent = new(() => Load(RepoPaths.Spec));

    private SpecDocument(JObject root) => Root = root;

    public static SpecDocument Current => LazyCurrent.Value;

    public JObject Root { get; }

    public static SpecDocument Load(string path)
    {
        using var reader = new JsonTextReader(File.OpenText(path)) { DateParseHandling = DateParseHandling.None };
        return new SpecDocument(JObject.Load(reader));
    }

    public IEnumerable<SpecOperation> Operations()
    {
        foreach (var path in ((JObject)Root["paths"]!).Properties())
        {
            foreach (var method in ((JObject)path.Value).Properties().Where(p => p.Name != "parameters"))
            {
                yield return new SpecOperation(this, path.Name, method.Name.ToUpperInvariant(), (JObject)method.Value);
            }
        }
    }

    public SpecOperation Operation(string operationId) =>
        Operations().SingleOrDefault(o => o.OperationId == operationId)
        ?? throw new ArgumentException($"The spec has no operation '{operationId}'.", nameof(operationId));

    /// <summary>Follows a local <c>$ref</c> such as <c>#/components/responses/NotFound</c>.</summary>
    public JObject Resolve(JObject node)
    {
        while (node["$ref"] is JValue reference)
        {
            var pointer = ((string)reference!).TrimStart('#', '/').Split('/');
            node = (JObject)pointer.Aggregate<string, JToken>(Root, (current, segment) => current[segment]!);
        }
        return node;
    }
}

internal sealed record SpecOperation(SpecDocument Spec, string Path, string Method, JObject Node)
{
    public string OperationId => (string)Node["operationId"]!;

    public JToken RequestExample(string mediaType = "application/json") =>
        Node.SelectToken($"requestBody.content['{mediaType}'].example")?.DeepClone()
        ?? throw new InvalidOperationException($"{OperationId} has no {mediaType} request example.");

    public string SuccessStatus =>
        ((JObject)Node["responses"]!).Properties().Select(p => p.Name).First(s => s.StartsWith('2'));

    public JToken ResponseExample()
    {
        var response = Spec.Resolve((JObject)Node["responses"]![SuccessStatus]!);
        return response.SelectToken("content['application/json'].example")?.DeepClone()
            ?? throw new InvalidOperationException($"{OperationId} has no application/json response example.");
    }

    public string ParameterExample(string name) =>
        (string?)Node["parameters"]?.FirstOrDefault(p => (string?)p["name"] == name)?["example"]
        ?? throw new InvalidOperationException($"{OperationId} has no example for parameter '{name}'.");
}
