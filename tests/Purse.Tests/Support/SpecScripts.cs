using Purse.SpecTools;

namespace Purse.Tests.Support;

/// <summary>Runs the repository's spec scripts (build/drift, build/update-spec) on the test's own build of
/// Purse.SpecTools.</summary>
internal static class SpecScripts
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(8);

    /// <summary>The Purse.SpecTools.dll this test run was built with (copied beside the tests by the project
    /// reference).</summary>
    public static string Dll => typeof(SpecToolsCli).Assembly.Location;

    public static ProcessResult RunScript(string script, string workingDirectory, params string[] arguments) =>
        RunScript(script, workingDirectory, DefaultTimeout, arguments);

    public static ProcessResult RunScript(
        string script,
        string workingDirectory,
        TimeSpan timeout,
        params string[] arguments
    ) =>
        DotnetCli.RunCommand(
            "bash",
            workingDirectory,
            timeout,
            [script, .. arguments],
            new Dictionary<string, string> { ["PURSE_SPEC_TOOLS_DLL"] = Dll }
        );
}
