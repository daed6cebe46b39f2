using Purse.Models;
using Purse.SpecTools.PublicApi;
using Purse.Tests.Support;

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
    [TestCase("Purse.Caching")]
    [TestCase("Purse.Testing")]
    public void The_public_API_is_the_approved_one(string assemblyName)
    {
        var assembly = assemblyName switch
        {
            "Purse" => typeof(PurseException).Assembly,
            "Purse.Generated" => typeof(Payment).Assembly,
            "Purse.Caching" => typeof(Purse.Caching.PurseDistributedTokenCacheOptions).Assembly,
            _ => typeof(Purse.Testing.PurseEmulator).Assembly,
        };
        Assert.That(assembly.GetName().Name, Is.EqualTo(assemblyName));

        var diff = PublicApiBaseline.Check(ApprovedDirectory, assemblyName, PublicApiSurface.Render(assembly));

        Assert.That(diff, Is.Empty, diff);
    }

    /// <summary>
    /// The registration methods live in Microsoft.Extensions.DependencyInjection, a namespace
    /// PublicApiGenerator leaves out by default: the baselines must show them.
    /// </summary>
    [TestCase("Purse", "AddPurseClient(")]
    [TestCase("Purse.Caching", "AddPurseDistributedTokenCache(")]
    [TestCase("Purse.Testing", "AddPurseClient(")]
    public void The_baselines_cover_the_dependency_injection_extension_methods(string assemblyName, string method)
    {
        var approved = File.ReadAllText(PublicApiBaseline.ApprovedFile(ApprovedDirectory, assemblyName));

        Assert.That(approved, Does.Contain("namespace Microsoft.Extensions.DependencyInjection"));
        Assert.That(approved, Does.Contain(method));
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
            Assert.That(
                File.ReadAllText(PublicApiBaseline.ReceivedFile(directory, "Purse.Generated")),
                Is.EqualTo(renamed)
            );

            PublicApiBaseline.Approve(directory, "Purse.Generated", renamed);

            Assert.That(
                PublicApiBaseline.Check(directory, "Purse.Generated", renamed),
                Is.Empty,
                "approved: the same surface passes"
            );
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
