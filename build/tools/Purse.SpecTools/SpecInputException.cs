namespace Purse.SpecTools;

/// <summary>An input that could not be read, is not JSON, or is not an OpenAPI 3.x document (exit code 3).</summary>
public sealed class SpecInputException(string path, string reason) : Exception($"{path}: {reason}")
{
    public string Path { get; } = path;

    public string Reason { get; } = reason;
}
