using Purse.Tests.Support;

namespace Purse.Tests.Architecture;

/// <summary>
/// build/count-facade-lines, the command docs/benchmarks.md gives for the facade's size (non-blank lines of
/// src/Purse that are not // or /// comments, in hand-written *.cs files), counts what it says. The size is a
/// figure to read, not a budget: the line budget of issue 15 rewarded packing, not clarity, and was withdrawn
/// (issue 20); a formatter keeps the code readable instead.
/// </summary>
public sealed class FacadeSizeTests
{
    private static readonly string Facade = RepoPaths.Combine("src", "Purse");

    [Test]
    public void The_documented_command_counts_the_same()
    {
        var expected = Files().Sum(f => File.ReadLines(f).Count(IsCode));
        var result = SpecScripts.RunScript(
            RepoPaths.Combine("build", "count-facade-lines"),
            RepoPaths.Root,
            TimeSpan.FromSeconds(60)
        );
        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.StartWith($"lines of code: {expected} in {Files().Count()} files"));
    }

    private static IEnumerable<string> Files() =>
        Directory
            .EnumerateFiles(Facade, "*.cs", SearchOption.AllDirectories)
            .Where(f =>
                !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains(
                    $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}",
                    StringComparison.Ordinal
                )
            );

    private static bool IsCode(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length > 0 && !trimmed.StartsWith("//", StringComparison.Ordinal);
    }
}
