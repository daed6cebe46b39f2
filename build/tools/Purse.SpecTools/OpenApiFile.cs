using System.Text;
using System.Text.Json;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Validations;

namespace Purse.SpecTools;

/// <summary>
/// An OpenAPI 3.x document read from a JSON file: its parsed JSON (what the differ walks, so
/// every change has an exact JSON pointer) after Microsoft.OpenApi has confirmed it is an
/// OpenAPI document at all.
/// </summary>
public sealed class OpenApiFile : IDisposable
{
    private readonly JsonDocument _json;

    private OpenApiFile(string path, JsonDocument json)
    {
        Path = path;
        _json = json;
    }

    public string Path { get; }

    public JsonElement Root => _json.RootElement;

    /// <summary>Reads and validates <paramref name="path"/>; throws <see cref="SpecInputException"/> naming what is
    /// wrong.</summary>
    public static OpenApiFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e)
            when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SpecInputException(path, $"cannot be read ({e.Message})");
        }
        return Parse(path, bytes);
    }

    public static OpenApiFile Parse(string path, byte[] bytes)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new SpecInputException(path, $"is not valid JSON ({e.Message}). Only JSON specs are supported.");
        }
        try
        {
            Validate(path, json.RootElement, bytes);
            return new OpenApiFile(path, json);
        }
        catch
        {
            json.Dispose();
            throw;
        }
    }

    private static void Validate(string path, JsonElement root, byte[] bytes)
    {
        if (
            root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("openapi", out var version)
            || version.ValueKind != JsonValueKind.String
            || !(version.GetString() ?? "").StartsWith("3.", StringComparison.Ordinal)
        )
        {
            throw new SpecInputException(
                path,
                "is not an OpenAPI 3.x document (it has no \"openapi\": \"3.x.y\" field)"
            );
        }
        if (!root.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object)
        {
            throw new SpecInputException(path, "is not an OpenAPI 3.x document (it has no \"paths\" object)");
        }
        DuplicateKeys.ThrowIfAny(path, root);

        using var stream = new MemoryStream(bytes);
        // Only what makes it unreadable counts here, not OpenAPI.NET's style rules: Purse's spec is
        // what it is, and the differ and NSwag judge the rest.
        new OpenApiStreamReader(new OpenApiReaderSettings { RuleSet = ValidationRuleSet.GetEmptyRuleSet() }).Read(
            stream,
            out var diagnostic
        );
        if (diagnostic.Errors.Count > 0)
        {
            var errors = string.Join("; ", diagnostic.Errors.Take(5).Select(e => $"{e.Pointer} {e.Message}".Trim()));
            throw new SpecInputException(path, $"is not a valid OpenAPI document: {errors}");
        }
    }

    public void Dispose() => _json.Dispose();

    /// <summary>Duplicate keys are legal JSON to most parsers but ambiguous: refuse them rather than pick
    /// one.</summary>
    private static class DuplicateKeys
    {
        public static void ThrowIfAny(string path, JsonElement element, string pointer = "#")
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var property in element.EnumerateObject())
                    {
                        var child = pointer + "/" + JsonPointer.Escape(property.Name);
                        if (!seen.Add(property.Name))
                        {
                            throw new SpecInputException(path, $"has the key \"{property.Name}\" twice at {pointer}");
                        }
                        ThrowIfAny(path, property.Value, child);
                    }
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        ThrowIfAny(path, item, pointer + "/" + index++);
                    }
                    break;
            }
        }
    }
}
