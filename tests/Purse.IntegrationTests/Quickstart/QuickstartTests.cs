using System.Diagnostics;
using System.Text.RegularExpressions;
using Purse.Tests.Support;

namespace Purse.IntegrationTests.Quickstart;

/// <summary>
/// samples/Purse.Quickstart prints exactly the output its documentation shows, and needs no
/// credentials to do so.
/// </summary>
public sealed partial class QuickstartTests
{
    /// <summary>The document holding the expected output (the README once the lead moves it there).</summary>
    private const string DocumentPath = "README.md";

    /// <summary>The expected output is the first <c>```text</c> block after this marker.</summary>
    private const string Marker = "<!-- quickstart-output";

    [Test]
    public async Task The_quickstart_prints_the_documented_output()
    {
        using var output = new StringWriter();

        var exitCode = await Purse.Quickstart.Program.RunAsync(output, _ => null, CancellationToken.None);

        Assert.That(exitCode, Is.Zero, output.ToString());
        Assert.That(
            Normalize(output.ToString()),
            Is.EqualTo(DocumentedOutput()),
            $"update the block in {DocumentPath} when the quickstart changes"
        );
    }

    [Test]
    public async Task The_program_run_without_credentials_prints_the_same_in_its_own_process()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Purse.Quickstart.Program).Assembly.Location);
        foreach (var name in Purse.Quickstart.Program.SandboxVariables)
        {
            start.Environment.Remove(name); // a developer's sandbox credentials must not change the result
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("The quickstart did not finish within 60 s.");
            }
        }

        Assert.That(process.ExitCode, Is.Zero, await stderr);
        Assert.That(Normalize(await stdout), Is.EqualTo(DocumentedOutput()));
    }

    [Test]
    public async Task Some_but_not_all_sandbox_variables_is_refused_naming_the_missing_ones()
    {
        using var output = new StringWriter();
        var environment = new Dictionary<string, string> { ["PURSE_CLIENT_ID"] = "id", ["PURSE_API_KEY"] = "key" };

        var exitCode = await Purse.Quickstart.Program.RunAsync(
            output,
            name => environment.GetValueOrDefault(name),
            CancellationToken.None
        );

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("Missing: PURSE_CLIENT_SECRET, PURSE_ENTITY_ID."));
    }

    private static string DocumentedOutput()
    {
        var text = Normalize(File.ReadAllText(RepoPaths.Combine(DocumentPath.Split('/'))));
        var marker = text.IndexOf(Marker, StringComparison.Ordinal);
        Assert.That(marker, Is.GreaterThanOrEqualTo(0), $"{DocumentPath} has no '{Marker}' marker");
        var block = TextBlock().Match(text, marker);
        Assert.That(block.Success, Is.True, $"{DocumentPath} has no ```text block after the marker");
        return block.Groups["output"].Value;
    }

    private static string Normalize(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";

    [GeneratedRegex("```text\n(?<output>.*?\n)```", RegexOptions.Singleline)]
    private static partial Regex TextBlock();
}
