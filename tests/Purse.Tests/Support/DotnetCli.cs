using System.Diagnostics;
using System.Text;

namespace Purse.Tests.Support;

/// <summary>Runs the dotnet CLI (or another command) as a child process, with a time limit.</summary>
internal static class DotnetCli
{
    public static ProcessResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunCommand("dotnet", workingDirectory, timeout, arguments);

    public static ProcessResult RunCommand(
        string fileName,
        string workingDirectory,
        TimeSpan timeout,
        params string[] arguments
    ) => RunCommand(fileName, workingDirectory, timeout, arguments, environment: null);

    /// <summary>As above, with extra environment variables for the child process.</summary>
    public static ProcessResult RunCommand(
        string fileName,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment
    )
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The test host runs under `dotnet test`, whose MSBuild variables would leak into a nested build.
        foreach (
            var name in start
                .Environment.Keys.Where(k =>
                    k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                    || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                )
                .ToList()
        )
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.\n{output}"
            );
        }
        process.WaitForExit();
        lock (output)
        {
            return new ProcessResult(process.ExitCode, output.ToString());
        }
    }
}

internal sealed record ProcessResult(int ExitCode, string Output);
