namespace Purse.Testing.Routing;

/// <summary>
/// One HTTP request as the emulator's core sees it, whichever way it arrived (in-process
/// handler or Kestrel), so that both paths share all the logic.
/// </summary>
internal sealed record EmulatorRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body
)
{
    /// <summary>A header's value, or null; names are compared case-insensitively.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Builds the case-insensitive header map the core expects.</summary>
    public static Dictionary<string, string> NewHeaderMap() => new(StringComparer.OrdinalIgnoreCase);
}
