using Purse.Tests.Support;
using Purse.Models;
using Purse.SpecTools.PublicApi;

namespace Purse.Tests.PublicApi;

/// <summary>
/// The package's public C# surface (facade + generated models) is the approved one in
/// tests/Purse.Tests/PublicApi/&lt;Assembly&gt;.approved.txt. A change fails with a unified diff
/// and writes &lt;Assembly&gt;.received.txt beside it; approve an intended change with build/approve-api.
/// </summary>
public sealed class PublicApiTests
{
    private static string ApprovedDirectory => RepoPaths.Combine("tests", "Purse.Tests", "PublicApi");

    [TestCase("Purse")]
    [TestCase("Purse.Generated")]
    public void The_public_API_is_the_approved_one(string assemblyName)
    {
        var assembly = assemblyName == "Purse" ? typeof(PurseException).Assembly : typeof(Payment).Assembly;
        Assert.That(assembly.GetName().Name, Is.EqualTo(assemblyName));

        var diff = PublicApiBaseline.Check(ApprovedDirectory, assemblyName, PublicApiSurface.Render(assembly));

        Assert.That(diff, Is.Empty, diff);
    }

    [Test]
    public void A_changed_member_fails_with_a_diff_naming_the_old_and_the_new_line()
    {
        var approved = File.ReadAllText(PublicApiBaseline.ApprovedFile(ApprovedDirectory, "Purse.Generated"));
        const string OldLine = "public System.DateTimeOffset? CreatedAt { get; set; }";
        Assert.That(approved, Does.Contain(OldLine), "the approved surface has the member this test renames");
        var renamed = ReplaceFirst(approved, OldLine, "public System.DateTimeOffset? AttemptedAt { get; set; }");
        var directory = Directory.CreateTempSubdirectory("purse-api-").FullName;
        try
        {
            File.WriteAllText(PublicApiBaseline.ApprovedFile(directory, "Purse.Generated"), approved);

            var diff = PublicApiBaseline.Check(directory, "Purse.Generated", renamed);

            Assert.That(diff, Does.Contain("--- Purse.Generated.approved.txt"));
            Assert.That(diff, Does.Contain("\n-        " + OldLine + "\n"));
            Assert.That(diff, Does.Contain("\n+        public System.DateTimeOffset? AttemptedAt { get; set; }\n"));
            Assert.That(diff, Does.Contain("build/approve-api"));
            Assert.That(File.ReadAllText(PublicApiBaseline.ReceivedFile(directory, "Purse.Generated")), Is.EqualTo(renamed));

            PublicApiBaseline.Approve(directory, "Purse.Generated", renamed);

            Assert.That(PublicApiBaseline.Check(directory, "Purse.Generated", renamed), Is.Empty, "approved: the same surface passes");
            Assert.That(File.Exists(PublicApiBaseline.ReceivedFile(directory, "Purse.Generated")), Is.False);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string ReplaceFirst(string text, string oldValue, string newValue)
    {
        var index = text.IndexOf(oldValue, StringComparison.Ordinal);
        return text[..index] + newValue + text[(index + oldValue.Length)..];
    }
}
