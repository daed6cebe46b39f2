using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Purse.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> on 127.0.0.1, a free port and a temporary directory, with no
/// persistence (<c>--save "" --appendonly no</c>); stopped and deleted on dispose. When
/// <c>redis-server</c> is not on PATH the test FAILS, naming what to install: it never skips.
/// (build/test installs it from the Debian package when missing.)
/// </summary>
internal sealed class RedisServer : IDisposable
{
    public const string Missing =
        "redis-server is not on PATH: the distributed token cache is tested against a real Redis. Install it "
        + "(Debian: apt-get update && apt-get install -y redis-server; build/test does this) and run the tests again.";

    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly StringBuilder _output = new();

    private RedisServer(string executable)
    {
        Port = FreePort();
        _directory = Directory.CreateTempSubdirectory("purse-redis-");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.FullName,
        };
        foreach (
            var argument in new[]
            {
                "--port",
                Port.ToString(),
                "--bind",
                "127.0.0.1",
                "--dir",
                _directory.FullName,
                "--save",
                "",
                "--appendonly",
                "no",
            }
        )
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_output)
            {
                _output.AppendLine(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_output)
            {
                _output.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public bool IsRunning => !_process.HasExited;

    /// <summary>Starts a server and waits until it answers PING; fails the test if redis-server is missing or does not
    /// come up.</summary>
    public static RedisServer Start()
    {
        var executable = Find(Environment.GetEnvironmentVariable("PATH"));
        if (executable is null)
        {
            Assert.Fail(Missing);
        }
        var server = new RedisServer(executable!);
        var deadline = Stopwatch.StartNew();
        while (!server.Ping())
        {
            if (server._process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                var output = server.Output;
                server.Dispose();
                Assert.Fail($"redis-server did not answer PING on 127.0.0.1:{server.Port} within 10 s.\n{output}");
            }
            Thread.Sleep(20);
        }
        return server;
    }

    /// <summary>The redis-server executable on <paramref name="path"/> (a PATH value), or null.</summary>
    public static string? Find(string? path) =>
        (path ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);

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

    /// <summary>Stops the server at once (an outage): SIGKILL, nothing is saved.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException) { }
    }

    private bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            stream.ReadTimeout = 1000;
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
