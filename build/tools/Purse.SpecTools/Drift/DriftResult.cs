namespace Purse.SpecTools.Drift;

/// <summary>All changes between two specs, and the exit code of <c>build/drift</c> for them.</summary>
public sealed record DriftResult(IReadOnlyList<DriftChange> Changes)
{
    /// <summary>No change in meaning (key order, whitespace and formatting only).</summary>
    public const int ExitSame = 0;

    /// <summary>Changes, none breaking (documentation-only changes count here).</summary>
    public const int ExitNonBreaking = 1;

    /// <summary>At least one breaking change.</summary>
    public const int ExitBreaking = 2;

    /// <summary>An input could not be read or is not an OpenAPI document.</summary>
    public const int ExitUnreadable = 3;

    public int Breaking => Changes.Count(c => c.Impact == Impact.Breaking);

    public int ExitCode =>
        Changes.Count == 0 ? ExitSame
        : Breaking > 0 ? ExitBreaking
        : ExitNonBreaking;

    public void WriteReport(TextWriter output, string oldName, string newName)
    {
        output.WriteLine($"API drift: {oldName} -> {newName}");
        foreach (var change in Changes)
        {
            output.WriteLine("  " + change);
        }
        output.WriteLine(
            Changes.Count == 0
                ? "drift: no change in meaning (exit 0)"
                : $"drift: {Changes.Count} change(s), {Breaking} BREAKING, {Changes.Count - Breaking} non-breaking "
                    + $"(exit {ExitCode})"
        );
    }
}
