using Purse.SpecTools.Drift;
using Purse.Tests.Support;

namespace Purse.Tests.Drift;

/// <summary>build/drift itself (the bash wrapper CI and people run), and the one rules table of README.md.</summary>
public sealed class DriftCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [TestCase("enum-value-removed", 2)]
    [TestCase("enum-value-added", 1)]
    [TestCase("reformat-only", 0)]
    [TestCase("unreadable", 3)]
    public void Build_drift_exits_with_the_code_of_the_contract(string fixture, int exit)
    {
        var result = SpecScripts.RunScript(
            "build/drift",
            RepoPaths.Root,
            DriftRun.Fixture(fixture, "old.json"),
            DriftRun.Fixture(fixture, "new.json")
        );

        Assert.That(result.ExitCode, Is.EqualTo(exit), result.Output);
        Assert.That(
            result.Output,
            Does.Contain(
                exit switch
                {
                    0 => "no change in meaning",
                    3 => "is not valid JSON",
                    _ => $"(exit {exit})",
                }
            )
        );
    }

    [Test]
    public void The_rules_table_in_docs_is_the_one_the_differ_labels_with()
    {
        var docs = File.ReadAllText(RepoPaths.Combine("README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.That(
            docs,
            Does.Contain(DriftRule.MarkdownTable()),
            "README.md must hold the table that `build/drift --rules` prints; paste it again after changing a rule"
        );
    }
}
