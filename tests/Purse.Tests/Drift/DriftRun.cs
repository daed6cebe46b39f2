using Purse.SpecTools;
using Purse.Tests.Support;

namespace Purse.Tests.Drift;

/// <summary>Runs `drift old new` in-process, exactly as build/drift does, and keeps its exit code and output.</summary>
internal sealed record DriftRun(int ExitCode, string Output, string Error)
{
    public static string Fixture(string name, string file) =>
        RepoPaths.Combine("tests", "Purse.Tests", "Drift", "Fixtures", name, file);

    public static DriftRun Of(string fixture) => Between(Fixture(fixture, "old.json"), Fixture(fixture, "new.json"));

    public static DriftRun Between(string oldPath, string newPath)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = SpecToolsCli.Run(["drift", oldPath, newPath], output, error);
        return new DriftRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>The report's change lines ("BREAKING      property removed  #/...").</summary>
    public IReadOnlyList<string> Changes =>
        Output.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

    public override string ToString() => $"exit {ExitCode}\n{Output}{Error}";
}
