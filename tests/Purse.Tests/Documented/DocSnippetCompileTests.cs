using System.Text;
using System.Text.RegularExpressions;
using Purse.Tests.Support;

namespace Purse.Tests.Documented;

/// <summary>
/// Every C# block (<c>```csharp</c>, <c>```cs</c>, <c>```c#</c>) of README.md and docs/*.md compiles
/// against the packages' projects (Purse, Purse.Caching, Purse.Testing) and ASP.NET Core, in
/// projects generated into a temporary folder and built with a nested <c>dotnet build</c>.
/// <list type="bullet">
/// <item>A <b>program</b> (a block with <c>WebApplication.CreateBuilder</c> or a top-level type
/// declaration) is compiled verbatim as the Program.cs of a web project of its own (implicit
/// usings of the Web SDK, as in a merchant's web app).</item>
/// <item>Any other block is a <b>snippet</b>: its statements become the body of an async method;
/// its <c>using</c> directives stay usings. A snippet may use, without declaring them, the
/// <see cref="Ambient"/> names (<c>services</c>, <c>purse</c>, <c>ct</c>, ...: what the reader
/// already has); the usings <see cref="SnippetUsings"/> are given (Purse's namespaces and where
/// the <c>Add*</c> methods live); anything else (e.g. <c>Microsoft.Extensions.Time.Testing</c>) the
/// block must show.</item>
/// <item>A block preceded by <c>&lt;!-- fragment: why --&gt;</c> is deliberately not C# on its own: it
/// is listed, not compiled.</item>
/// </list>
/// A compile error is reported at the markdown file and line (<c>#line</c> directives).
/// </summary>
[NonParallelizable]
[Category("Build")]
public sealed class DocSnippetCompileTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Names a snippet may use without declaring them, and their types.</summary>
    private static readonly Dictionary<string, string> Ambient = new()
    {
        ["services"] = "Microsoft.Extensions.DependencyInjection.IServiceCollection",
        ["configuration"] = "Microsoft.Extensions.Configuration.IConfiguration",
        ["config"] = "Microsoft.Extensions.Configuration.IConfiguration",
        ["purse"] = "Purse.IPurseClient",
        ["ct"] = "System.Threading.CancellationToken",
        ["cancellationToken"] = "System.Threading.CancellationToken",
        ["emulator"] = "Purse.Testing.PurseEmulator",
        ["server"] = "Purse.Testing.PurseEmulatorServer",
        ["order"] = "Purse.Models.Order",
        ["request"] = "Purse.Models.CreateClientSessionRequest",
        ["paymentId"] = "System.Guid",
        ["entityId"] = "System.Guid",
        ["earlierPartnerTransactionId"] = "System.Guid",
        ["token"] = "string",
        ["threeDsId"] = "string",
        ["returnUrlOrToken"] = "string",
        ["body"] = "string",
        ["price"] = "Purse.Money",
        ["payment"] = "Purse.Models.Payment",
        ["paymentLink"] = "Purse.Models.PaymentLink",
        ["clientSession"] = "Purse.Models.ClientSession",
        ["createPaymentRequest"] = "Purse.Models.CreatePaymentRequest",
        ["createClientSessionRequest"] = "Purse.Models.CreateClientSessionRequest",
    };

    private static readonly string[] SnippetUsings =
    [
        "Purse",
        "Purse.Models",
        "Purse.Testing",
        "Purse.Caching",
        "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Configuration",
    ];

    private static readonly Regex Fence = new(@"^\s*```\s*(?<lang>[\w#+-]*)\s*$", RegexOptions.Compiled);
    private static readonly Regex CSharp = new(@"^(csharp|cs|c#)$", RegexOptions.Compiled | RegexOptions.IgnoreCase);
    private static readonly Regex FragmentMarker = new(
        @"^\s*<!--\s*fragment\b\s*:?\s*(?<why>.*?)\s*-->\s*$",
        RegexOptions.Compiled | RegexOptions.IgnoreCase
    );
    private static readonly Regex UsingDirective = new(
        @"^\s*using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>]+)?\s*;\s*(//.*)?$",
        RegexOptions.Compiled
    );
    private static readonly Regex TopLevelType = new(
        @"^(public\s+|internal\s+)?((sealed|static|abstract|partial|readonly)\s+)*"
            + @"(class|record|interface|struct|enum)\s+\w+",
        RegexOptions.Compiled | RegexOptions.Multiline
    );
    private static readonly Regex Declaration = new(
        @"\b(?:var|[A-Z][\w.]*(?:<[^>]*>)?\??)\s+(?<name>[a-z]\w*)\s*(?:=|;|\bin\b)",
        RegexOptions.Compiled
    );
    private static readonly Regex CompileError = new(
        @"^(?<file>[^\s(][^(]*)\((?<line>\d+),(?<col>\d+)\):\s*error\s+(?<code>\w+):\s*(?<message>.*?)(\s\[[^\]]*\])?$",
        RegexOptions.Compiled | RegexOptions.Multiline
    );

    [Test]
    public void Every_CSharp_block_of_the_documentation_compiles()
    {
        var blocks = DocumentationFiles().SelectMany(Extract).ToList();
        Assert.That(blocks, Has.Count.GreaterThan(10), "the documentation's C# blocks were found");

        var fragments = blocks.Where(b => b.Fragment is not null).ToList();
        TestContext.Out.WriteLine($"{blocks.Count} C# blocks; {fragments.Count} marked as fragments (not compiled):");
        foreach (var fragment in fragments)
        {
            TestContext.Out.WriteLine($"  {fragment.Location}: {fragment.Fragment}");
        }
        Assert.That(
            fragments.Where(f => f.Fragment!.Length == 0).Select(f => f.Location),
            Is.Empty,
            "a fragment marker says why the block is not C# on its own: <!-- fragment: why -->"
        );

        var work = Directory.CreateTempSubdirectory("purse-doc-snippets-");
        try
        {
            var compiled = blocks.Where(b => b.Fragment is null).ToList();
            var snippets = compiled.Where(b => !b.IsProgram).ToList();
            var programs = compiled.Where(b => b.IsProgram).ToList();
            var projects = new List<(string Project, string What)>
            {
                (WriteSnippetProject(Path.Combine(work.FullName, "snippets"), snippets), $"{snippets.Count} snippets"),
            };
            projects.AddRange(
                programs.Select(
                    (program, i) =>
                        (
                            WriteProgramProject(Path.Combine(work.FullName, $"program{i}"), program),
                            $"the program at {program.Location}"
                        )
                )
            );

            var failures = new List<string>();
            foreach (var (project, what) in projects)
            {
                var build = DotnetCli.Run(
                    Path.GetDirectoryName(project)!,
                    BuildTimeout,
                    "build",
                    project,
                    "-c",
                    Configuration,
                    "-p:BuildProjectReferences=false",
                    "-nologo",
                    "-v:q",
                    "-clp:NoSummary"
                );
                if (build.ExitCode == 0)
                {
                    continue;
                }
                var errors = CompileError
                    .Matches(build.Output)
                    .Select(m =>
                        $"{DocLocation(m.Groups["file"].Value, m.Groups["line"].Value)}: "
                        + $"{m.Groups["code"].Value}: {m.Groups["message"].Value}"
                    )
                    .Distinct()
                    .ToList();
                failures.Add(
                    errors.Count > 0
                        ? $"{what}:\n  " + string.Join("\n  ", errors)
                        : $"{what}: the build failed without a compile error:\n{build.Output}"
                );
            }

            Assert.That(failures, Is.Empty, () =>
                "C# blocks of the documentation do not compile (fix the block, or mark a deliberate fragment "
                + "with <!-- fragment: why --> on the line before it):\n"
                + string.Join("\n", failures)
            );
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Test]
    public void Blocks_are_found_with_their_line_and_fragment_marker()
    {
        var file = Path.Combine(Path.GetTempPath(), $"purse-doc-{Guid.NewGuid():N}.md");
        File.WriteAllText(
            file,
            "# T\n\n```csharp\nvar a = 1;\n```\n\n"
                + "<!-- fragment: a member list -->\n```cs\nprice.MinorUnits;\n```\n\n"
                + "```json\n{}\n```\n"
                + "```C#\nusing Purse;\n\nvar app = WebApplication.CreateBuilder(args).Build();\n```\n"
        );
        try
        {
            var blocks = Extract(file).ToList();

            Assert.That(
                blocks.Select(b => (b.Line, b.Fragment, b.IsProgram)),
                Is.EqualTo(new[] { (4, (string?)null, false), (9, "a member list", false), (16, null, true) })
            );
            Assert.That(blocks[0].Location, Does.EndWith(".md:4"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void An_unclosed_block_is_reported_at_its_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"purse-doc-{Guid.NewGuid():N}.md");
        File.WriteAllText(file, "text\n```csharp\nvar a = 1;\n");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => Extract(file).ToList());
            Assert.That(error!.Message, Does.Contain(":2").And.Contain("never closed"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>README.md and every docs/*.md (docs added later are picked up).</summary>
    private static IEnumerable<string> DocumentationFiles() =>
        new[] { RepoPaths.Combine("README.md") }.Concat(
            Directory
                .EnumerateFiles(RepoPaths.Combine("docs"), "*.md", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
        );

    private static IEnumerable<Block> Extract(string file)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            if (Fence.Match(lines[i]) is not { Success: true } open || open.Groups["lang"].Value.Length == 0)
            {
                continue;
            }
            var close = Array.FindIndex(lines, i + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
            if (close < 0)
            {
                throw new InvalidDataException(
                    $"{Relative(file)}:{i + 1}: a ```{open.Groups["lang"].Value} block is never closed"
                );
            }
            if (CSharp.IsMatch(open.Groups["lang"].Value))
            {
                var previous = Enumerable
                    .Range(0, i)
                    .Reverse()
                    .Select(k => lines[k])
                    .FirstOrDefault(l => l.Trim().Length > 0);
                var marker = previous is null ? null : FragmentMarker.Match(previous);
                var code = string.Join("\n", lines[(i + 1)..close]);
                yield return new Block(
                    file,
                    i + 2,
                    code,
                    marker is { Success: true } ? marker.Groups["why"].Value : null
                );
            }
            i = close;
        }
    }

    private static string WriteSnippetProject(string directory, IReadOnlyList<Block> snippets)
    {
        Directory.CreateDirectory(directory);
        WriteIsolation(directory);
        var project = Path.Combine(directory, "Snippets.csproj");
        File.WriteAllText(project, ProjectXml("Microsoft.NET.Sdk", outputType: "Library"));
        File.WriteAllText(
            Path.Combine(directory, "Usings.cs"),
            string.Concat(SnippetUsings.Select(u => $"global using {u};\n"))
        );
        for (var n = 0; n < snippets.Count; n++)
        {
            File.WriteAllText(Path.Combine(directory, $"Block{n:D3}.cs"), SnippetSource(snippets[n], n));
        }
        return project;
    }

    /// <summary>The block's statements as the body of an async method; its usings stay usings; #line maps errors to the
    /// markdown.</summary>
    private static string SnippetSource(Block block, int n)
    {
        var lines = block.Code.Split('\n');
        var usings = lines.Where(l => UsingDirective.IsMatch(l)).Select(l => l.Trim()).ToList();
        var body = lines.Select(l => UsingDirective.IsMatch(l) ? "" : l);
        var declared = Declaration.Matches(block.Code).Select(m => m.Groups["name"].Value).ToHashSet();
        var parameters = Ambient
            .Where(a => !declared.Contains(a.Key) && Regex.IsMatch(block.Code, $@"(?<![\w.]){Regex.Escape(a.Key)}\b"))
            .Select(a => $"{a.Value} {a.Key}");
        var source = new StringBuilder();
        source.Append($"// {block.Location}\nnamespace DocSnippets.Block{n:D3}\n{{\n");
        foreach (var directive in usings)
        {
            source.Append("    ").Append(directive).Append('\n');
        }
        source.Append("    internal static class Snippet\n    {\n");
        source.Append(
            "        internal static async System.Threading.Tasks.Task "
                + $"RunAsync({string.Join(", ", parameters)})\n        {{\n"
        );
        source.Append($"#line {block.Line} \"{block.File}\"\n");
        foreach (var line in body)
        {
            source.Append(line).Append('\n');
        }
        source.Append(
            "#line default\n            await System.Threading.Tasks.Task.CompletedTask;\n        }\n    }\n}\n"
        );
        return source.ToString();
    }

    private static string WriteProgramProject(string directory, Block program)
    {
        Directory.CreateDirectory(directory);
        WriteIsolation(directory);
        var project = Path.Combine(directory, "Program.csproj");
        File.WriteAllText(project, ProjectXml("Microsoft.NET.Sdk.Web", outputType: "Exe"));
        File.WriteAllText(
            Path.Combine(directory, "Program.cs"),
            $"#line {program.Line} \"{program.File}\"\n{program.Code}\n"
        );
        return project;
    }

    /// <summary>The temporary folder is outside the repository: no Directory.Build.* or central package versions
    /// apply.</summary>
    private static void WriteIsolation(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(
            Path.Combine(directory, "Directory.Packages.props"),
            "<Project><PropertyGroup>"
                + "<ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>"
                + "</PropertyGroup></Project>\n"
        );
    }

    private static string ProjectXml(string sdk, string outputType)
    {
        var references = new[] { "Purse", "Purse.Caching", "Purse.Testing" }.Select(p =>
            $"    <ProjectReference Include=\"{RepoPaths.Combine("src", p, p + ".csproj")}\" />\n"
        );
        return $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>{outputType}</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <LangVersion>latest</LangVersion>
                <!-- Errors only: a snippet may leave a variable unused or an async method without await. -->
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <WarningLevel>0</WarningLevel>
                <NoWarn>$(NoWarn);CS1998;CS0168;CS0219;CS8321;NU1603;NU1608</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <FrameworkReference Include="Microsoft.AspNetCore.App" />
                <PackageReference Include="Microsoft.Extensions.TimeProvider.Testing" Version="{PinnedVersion(
                "Microsoft.Extensions.TimeProvider.Testing"
            )}" />
              </ItemGroup>
              <ItemGroup>
            {string.Concat(references)}  </ItemGroup>
            </Project>
            """;
    }

    private static string PinnedVersion(string package)
    {
        var props = File.ReadAllText(RepoPaths.Combine("Directory.Packages.props"));
        var match = Regex.Match(props, $"Include=\"{Regex.Escape(package)}\" Version=\"(?<v>[^\"]+)\"");
        Assert.That(match.Success, Is.True, $"{package} is pinned in Directory.Packages.props");
        return match.Groups["v"].Value;
    }

    /// <summary>The configuration the test assembly was built in: the referenced projects' outputs of that
    /// configuration exist.</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Contains(
            $"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal
        )
            ? "Release"
            : "Debug";

    private static string DocLocation(string file, string line) =>
        file.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? $"{Relative(file)}:{line}" : $"{file}:{line}";

    private static string Relative(string file) => Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/');

    private sealed record Block(string File, int Line, string Code, string? Fragment)
    {
        /// <summary>A whole program: compiled verbatim as a Program.cs.</summary>
        public bool IsProgram =>
            Code.Contains("WebApplication.CreateBuilder(", StringComparison.Ordinal) || TopLevelType.IsMatch(Code);

        public string Location => $"{Relative(File)}:{Line}";
    }
}
