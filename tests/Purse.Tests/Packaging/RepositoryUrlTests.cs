using Newtonsoft.Json.Linq;
using Purse.Tests.Support;

namespace Purse.Tests.Packaging;

/// <summary>
/// The project and repository addresses the packages carry (issue 21, item 9): the one the build is given
/// (<c>-p:PurseRepositoryUrl=…</c> or the <c>PURSE_REPOSITORY_URL</c> environment variable), else none; never an
/// invented host, and never the clone's own origin (a local path on a CI machine).
/// </summary>
public sealed class RepositoryUrlTests
{
    private const string Given = "https://git.example.com/payments/purse-dotnet";

    [Test]
    public void Without_an_address_the_packages_name_none_rather_than_an_invented_one()
    {
        var properties = Evaluate(environment: "");

        Assert.Multiple(() =>
        {
            Assert.That(properties["PackageProjectUrl"], Is.Empty);
            Assert.That(properties["RepositoryUrl"], Is.Empty);
            Assert.That(
                properties["PublishRepositoryUrl"],
                Is.Not.EqualTo("true"),
                "the origin remote would be published instead"
            );
        });
    }

    [Test]
    public void The_address_given_by_the_environment_is_the_project_and_repository_url()
    {
        var properties = Evaluate(environment: Given);

        Assert.Multiple(() =>
        {
            Assert.That(properties["PackageProjectUrl"], Is.EqualTo(Given));
            Assert.That(properties["RepositoryUrl"], Is.EqualTo(Given + ".git"));
            Assert.That(properties["PublishRepositoryUrl"], Is.EqualTo("true"));
        });
    }

    [Test]
    public void The_address_given_as_a_property_wins()
    {
        var properties = Evaluate(environment: "https://elsewhere.example/other", "-p:PurseRepositoryUrl=" + Given);

        Assert.That(properties["PackageProjectUrl"], Is.EqualTo(Given));
    }

    /// <summary>The three properties as MSBuild evaluates them for the Purse package (no build).</summary>
    private static Dictionary<string, string> Evaluate(string environment, params string[] extra)
    {
        string[] arguments =
        [
            "msbuild",
            RepoPaths.Combine("src", "Purse", "Purse.csproj"),
            "-p:Configuration=Release",
            "-getProperty:PackageProjectUrl",
            "-getProperty:RepositoryUrl",
            "-getProperty:PublishRepositoryUrl",
            .. extra,
        ];
        var result = DotnetCli.RunCommand(
            "dotnet",
            RepoPaths.Root,
            TimeSpan.FromMinutes(2),
            arguments,
            new Dictionary<string, string> { ["PURSE_REPOSITORY_URL"] = environment }
        );
        Assert.That(result.ExitCode, Is.Zero, result.Output);
        var properties = (JObject)JObject.Parse(result.Output)["Properties"]!;
        return properties.Properties().ToDictionary(p => p.Name, p => (string)p.Value!);
    }
}
