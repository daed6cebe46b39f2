using Purse.Tests.Support;

namespace Purse.Tests.Generated;

/// <summary>
/// The build-time generation pipeline, exercised on a private copy of the repository's
/// generation inputs so the real tree is never touched: incremental, and loud on a bad spec or
/// on NSwag output whose request bodies the build cannot stream.
/// </summary>
[NonParallelizable]
[Category("Build")]
public sealed class GenerationBuildTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);
    private const string GenerationRan = "dotnet-nswag.dll";
    private const string GenerationSkipped =
        "Skipping target \"PurseGenerateClient\" because all output files are up-to-date";

    private string _copy = "";

    [OneTimeSetUp]
    public void CopyGenerationInputs()
    {
        _copy = Path.Combine(Path.GetTempPath(), "purse-gen-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (
            var file in new[]
            {
                "nswag.json",
                "global.json",
                "Directory.Build.props",
                "Directory.Packages.props",
                "build/Purse.Generation.targets",
                "openapi/purse-payment-v2.json",
            }
        )
        {
            CopyFile(file);
        }
        foreach (var dir in new[] { "build/templates", "src/Purse.Generated" })
        {
            foreach (
                var file in Directory
                    .EnumerateFiles(RepoPaths.Combine(dir), "*", SearchOption.AllDirectories)
                    .Where(f =>
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                    )
            )
            {
                CopyFile(Path.GetRelativePath(RepoPaths.Root, file));
            }
        }
    }

    [OneTimeTearDown]
    public void DeleteCopy()
    {
        if (Directory.Exists(_copy))
        {
            Directory.Delete(_copy, recursive: true);
        }
    }

    [Test, Order(1)]
    public void A_second_build_with_nothing_changed_does_not_run_NSwag()
    {
        var first = Build();
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Output);
        Assert.That(first.Output, Does.Contain(GenerationRan), "the first build generates");
        var generated = GeneratedFile();
        var stamp = File.GetLastWriteTimeUtc(generated);

        var second = Build();

        Assert.That(second.ExitCode, Is.EqualTo(0), second.Output);
        Assert.Multiple(() =>
        {
            Assert.That(second.Output, Does.Contain(GenerationSkipped));
            Assert.That(second.Output, Does.Not.Contain(GenerationRan));
            Assert.That(File.GetLastWriteTimeUtc(generated), Is.EqualTo(stamp), "the generated file is untouched");
        });
    }

    [Order(2)]
    [TestCase("openapi/purse-payment-v2.json")]
    [TestCase("nswag.json")]
    [TestCase("build/templates/Enum.liquid")]
    [TestCase("build/Purse.Generation.targets")]
    public void A_changed_input_runs_NSwag_again(string input)
    {
        var before = Build();
        Assert.That(before.ExitCode, Is.EqualTo(0), before.Output);
        File.SetLastWriteTimeUtc(Path.Combine(_copy, input), DateTime.UtcNow.AddSeconds(5));

        var build = Build();

        Assert.That(build.ExitCode, Is.EqualTo(0), build.Output);
        Assert.That(build.Output, Does.Contain(GenerationRan));
    }

    [Test, Order(3)]
    public void Names_that_are_not_valid_CSharp_as_they_stand_still_compile()
    {
        var spec = Path.Combine(_copy, "openapi", "purse-payment-v2.json");
        var original = File.ReadAllText(spec);
        try
        {
            // Values Purse could add: an enum value starting with a digit, an empty one, one with a
            // dash; a property starting with a digit.
            var json = Newtonsoft.Json.Linq.JObject.Parse(original);
            json["components"]!["schemas"]!["OddValues"] = Newtonsoft.Json.Linq.JObject.Parse(
                """{ "type": "string", "enum": ["1ST_TRY", "", "b-c", "ok"] }"""
            );
            var properties = (Newtonsoft.Json.Linq.JObject)json["components"]!["schemas"]!["Payment"]!["properties"]!;
            properties["3ds_data"] = Newtonsoft.Json.Linq.JObject.Parse("""{ "type": "string" }""");
            properties["odd_values"] = Newtonsoft.Json.Linq.JObject.Parse(
                """{ "$ref": "#/components/schemas/OddValues" }"""
            );
            File.WriteAllText(spec, json.ToString());

            var build = Build();

            Assert.That(build.ExitCode, Is.EqualTo(0), build.Output);
            var generated = File.ReadAllText(GeneratedFile());
            Assert.That(
                generated,
                Does.Contain("public static OddValues _1stTry { get; }")
                    .And.Contain("public static OddValues Empty { get; }")
                    .And.Contain("public static OddValues BC { get; }")
                    .And.Contain("public string? _3dsData { get; set; }")
            );
        }
        finally
        {
            File.WriteAllText(spec, original);
        }
    }

    [Test, Order(4)]
    public void A_spec_that_cannot_be_generated_fails_the_build_naming_the_spec_file()
    {
        var spec = Path.Combine(_copy, "openapi", "purse-payment-v2.json");
        var original = File.ReadAllText(spec);
        try
        {
            File.WriteAllText(spec, original[..(original.Length / 2)]);

            var build = Build();

            Assert.That(build.ExitCode, Is.Not.EqualTo(0));
            Assert.That(
                build.Output,
                Does.Contain("NSwag could not generate the Purse client from the OpenAPI spec")
                    .And.Contain("purse-payment-v2.json")
            );
            Assert.That(File.Exists(GeneratedFile() + ".tmp"), Is.False, "no half-written file is left behind");
        }
        finally
        {
            File.WriteAllText(spec, original);
        }
    }

    [Test, Order(5)]
    public void NSwag_output_the_request_body_rewrite_does_not_recognise_fails_the_build()
    {
        var config = Path.Combine(_copy, "nswag.json");
        var original = File.ReadAllText(config);
        try
        {
            // As an NSwag upgrade could: with type information, SerializeObject takes one more argument.
            var changed = original.Replace(
                "\"serializeTypeInformation\": false",
                "\"serializeTypeInformation\": true",
                StringComparison.Ordinal
            );
            Assert.That(changed, Is.Not.EqualTo(original), "nswag.json sets serializeTypeInformation");
            File.WriteAllText(config, changed);

            var build = Build();

            Assert.That(build.ExitCode, Is.Not.EqualTo(0));
            Assert.That(
                build.Output,
                Does.Contain(
                    "NSwag's JSON request bodies no longer have the shape that PurseStreamJsonRequestBodies rewrites"
                )
            );
            Assert.That(File.Exists(GeneratedFile() + ".tmp"), Is.False, "no half-written file is left behind");
        }
        finally
        {
            File.WriteAllText(config, original);
        }
    }

    private ProcessResult Build() =>
        DotnetCli.Run(
            _copy,
            BuildTimeout,
            "build",
            "src/Purse.Generated/Purse.Generated.csproj",
            "-v:n",
            "-nodeReuse:false",
            "-p:UseSharedCompilation=false"
        );

    private string GeneratedFile() =>
        Path.Combine(_copy, "src", "Purse.Generated", "obj", "Generated", "PurseClient.g.cs");

    private void CopyFile(string relative)
    {
        var target = Path.Combine(_copy, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(RepoPaths.Combine(relative), target);
    }
}
