using System.Reflection;
using System.Text.RegularExpressions;
using Purse.Tests.Support;

namespace Purse.Tests.Redirection;

/// <summary>
/// docs/trust.md and docs/facade.md state the client's limits with the tests that hold them: a renamed or deleted
/// test must not leave a stated limit without one.
/// </summary>
public sealed partial class TrustDocTests
{
    private const string Section = "### The limits, and the tests that hold them";

    [GeneratedRegex(@"`(?<type>[A-Z][A-Za-z]+Tests)\.(?<method>[A-Za-z0-9_]+)`")]
    private static partial Regex TestName();

    [TestCase("trust.md", 15)]
    [TestCase("facade.md", 10)]
    public void Every_limit_in_the_docs_names_tests_that_exist(string page, int limits)
    {
        var doc = File.ReadAllText(RepoPaths.Combine("docs", page));
        Assert.That(doc, Does.Contain(Section));
        // The section's table only: it ends at the next heading.
        var rows = doc[(doc.IndexOf(Section, StringComparison.Ordinal) + Section.Length)..]
            .Split('\n')
            .TakeWhile(line => !line.StartsWith('#'))
            .Where(line =>
                line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| Limit", StringComparison.Ordinal)
            )
            .ToList();
        var tests = typeof(TrustDocTests)
            .Assembly.GetTypes()
            .SelectMany(type => type.GetMethods().Select(method => (type, method)))
            .Where(t =>
                t.method.GetCustomAttributes<NUnitAttribute>()
                    .Any(a => a is TestAttribute or TestCaseAttribute or TestCaseSourceAttribute)
            )
            .Select(t => $"{t.type.Name}.{t.method.Name}")
            .ToHashSet();

        Assert.That(rows, Has.Count.GreaterThanOrEqualTo(limits));
        Assert.Multiple(() =>
        {
            foreach (var row in rows)
            {
                var named = TestName()
                    .Matches(row)
                    .Select(m => $"{m.Groups["type"].Value}.{m.Groups["method"].Value}")
                    .ToList();
                Assert.That(named, Is.Not.Empty, $"no test named for: {row}");
                Assert.That(
                    named.Where(name => !tests.Contains(name)),
                    Is.Empty,
                    $"tests that do not exist, in: {row}"
                );
            }
        });
    }
}
