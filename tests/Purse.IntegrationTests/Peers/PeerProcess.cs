using System.Diagnostics;
using System.Text;
using Purse.Tests.Support;

namespace Purse.IntegrationTests.Peers;

/// <summary>
/// A peer server run as a child process for the tests that need it: started on a loopback
/// port, waited for with a bounded readiness probe, and killed (whole process tree) on dispose.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<PeerProcess> StartAsync(
        string fileName,
        IEnumerable<string> arguments,
        Uri baseAddress,
        Func<HttpClient, Task<bool>> isReady,
        TimeSpan timeout
    )
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var peer = new PeerProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{Path.GetFileName(fileName)} exited with {process.ExitCode} before it was ready:\n{peer.Output}"
                );
            }
            try
            {
                if (await isReady(probe))
                {
                    return peer;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        await peer.DisposeAsync();
        throw new TimeoutException(
            $"{Path.GetFileName(fileName)} was not ready on {baseAddress} within {timeout}:\n{peer.Output}"
        );
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(exited.Token);
            }
            catch (OperationCanceledException) { }
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
