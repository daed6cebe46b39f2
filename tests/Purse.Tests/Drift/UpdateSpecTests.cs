using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Purse.SpecTools;
using Purse.SpecTools.PublicApi;
using Purse.Tests.Support;

namespace Purse.Tests.Drift;

/// <summary>
/// build/update-spec end to end, on a private copy of the repository's generation inputs (the real
/// tree is never touched), fetching from a loopback HTTP server this fixture starts and stops.
/// The served spec renames one property (PaymentAttempt.created_at → attempted_at).
/// </summary>
[NonParallelizable]
[Category("Build")]
public sealed class UpdateSpecTests
{
    private static readonly string[] Files =
    [
        "nswag.json",
        "global.json",
        "Directory.Build.props",
        "Directory.Packages.props",
        "build/Purse.Generation.targets",
        "build/update-spec",
        "build/spec-tools",
        "openapi/purse-payment-v2.json",
        "openapi/purse-payment-v2.lock.json",
    ];

    private static readonly string[] Folders =
    [
        "build/templates",
        "src/Purse.Generated",
        "src/Purse",
        "tests/Purse.Tests/PublicApi",
    ];

    private const string SpecFile = "openapi/purse-payment-v2.json";
    private const string LockFile = "openapi/purse-payment-v2.lock.json";

    private string _copy = "";
    private HttpListener? _server;
    private Task? _serving;
    private string _baseUrl = "";
    private readonly Dictionary<string, byte[]> _served = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public void CopyTheRepositoryAndStartTheServer()
    {
        _copy = Directory.CreateTempSubdirectory("purse-update-spec-").FullName;
        foreach (var file in Files.Where(f => File.Exists(RepoPaths.Combine(f))))
        {
            Copy(file);
        }
        foreach (var folder in Folders)
        {
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Combine(folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepoPaths.Root, file);
                var parts = relative.Split(Path.DirectorySeparatorChar);
                if (
                    !parts.Contains("bin")
                    && !parts.Contains("obj")
                    && !relative.EndsWith(".received.txt", StringComparison.Ordinal)
                )
                {
                    Copy(relative);
                }
            }
        }

        var spec = JsonNode.Parse(File.ReadAllText(RepoPaths.Spec))!;
        var properties = spec["components"]!["schemas"]!["PaymentAttempt"]!["properties"]!.AsObject();
        var createdAt = properties["created_at"]!.DeepClone();
        properties.Remove("created_at");
        properties["attempted_at"] = createdAt;
        // Served compact and unsorted: update-spec normalises it.
        _served["/v2/purse-payment-v2.json"] = Encoding.UTF8.GetBytes(spec.ToJsonString());
        _served["/v2/broken.json"] = Encoding.UTF8.GetBytes(spec.ToJsonString()[..4000]);
        // A valid OpenAPI document whose generated code cannot compile: two enum values that differ
        // only by case give two members named Abc.
        var ungeneratable = JsonNode.Parse(File.ReadAllText(RepoPaths.Spec))!;
        ungeneratable["components"]!["schemas"]!["CaseClash"] = JsonNode.Parse(
            """{ "type": "string", "enum": ["abc", "ABC"] }"""
        );
        _served["/v2/ungeneratable.json"] = Encoding.UTF8.GetBytes(ungeneratable.ToJsonString());

        var port = FreePort();
        _baseUrl = $"http://127.0.0.1:{port}";
        _server = new HttpListener();
        _server.Prefixes.Add(_baseUrl + "/");
        _server.Start();
        _serving = Task.Run(ServeAsync);
    }

    [OneTimeTearDown]
    public void StopTheServerAndDeleteTheCopy()
    {
        _server?.Stop();
        _server?.Close();
        _serving?.Wait(TimeSpan.FromSeconds(10));
        if (Directory.Exists(_copy))
        {
            Directory.Delete(_copy, recursive: true);
        }
    }

    [Test, Order(1)]
    public void A_new_spec_from_a_URL_replaces_spec_and_lock_regenerates_and_prints_both_reports()
    {
        var oldSpec = File.ReadAllBytes(Path.Combine(_copy, SpecFile));
        var url = _baseUrl + "/v2/purse-payment-v2.json";

        var run = UpdateSpec(url);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Output);
        var spec = File.ReadAllBytes(Path.Combine(_copy, SpecFile));
        using var served = JsonDocument.Parse(_served["/v2/purse-payment-v2.json"]);
        var specLock = JsonNode.Parse(File.ReadAllText(Path.Combine(_copy, LockFile)))!;
        var generated = File.ReadAllText(
            Path.Combine(_copy, "src", "Purse.Generated", "obj", "Generated", "PurseClient.g.cs")
        );
        Assert.Multiple(() =>
        {
            // The drift report: Purse's change, labelled for this client.
            Assert.That(
                run.Output,
                Does.Contain(
                    "BREAKING      property removed  #/components/schemas/PaymentAttempt/properties/created_at"
                )
            );
            Assert.That(
                run.Output,
                Does.Contain(
                    "non-breaking  optional property added  #/components/schemas/PaymentAttempt/properties/attempted_at"
                )
            );
            // The public API report: what our users see.
            Assert.That(
                run.Output,
                Does.Contain("The public API of Purse.Generated differs from Purse.Generated.approved.txt")
            );
            Assert.That(run.Output, Does.Contain("\n-        public System.DateTimeOffset? CreatedAt { get; set; }\n"));
            Assert.That(
                run.Output,
                Does.Contain("\n+        public System.DateTimeOffset? AttemptedAt { get; set; }\n")
            );
            Assert.That(run.Output, Does.Contain("public API of Purse: unchanged"));
            // The spec is the served one in normal form; the lock describes it.
            Assert.That(spec, Is.Not.EqualTo(oldSpec));
            Assert.That(spec, Is.EqualTo(SpecNormaliser.NormaliseToUtf8(served.RootElement)));
            Assert.That((string?)specLock["sha256"], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(spec))));
            Assert.That((string?)specLock["source"], Is.EqualTo(url));
            Assert.That(
                (string?)specLock["date"],
                Is.EqualTo(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            );
            Assert.That((string?)specLock["spec"], Is.EqualTo("purse-payment-v2.json"));
            // The generated code comes from the new spec.
            Assert.That(generated, Does.Contain("AttemptedAt").And.Contain("\"attempted_at\""));
        });

        // The baseline test's own check, on the assembly just built from the changed spec, fails naming the property.
        var approved = Directory.CreateTempSubdirectory("purse-api-").FullName;
        try
        {
            File.Copy(
                PublicApiBaseline.ApprovedFile(
                    RepoPaths.Combine("tests", "Purse.Tests", "PublicApi"),
                    "Purse.Generated"
                ),
                PublicApiBaseline.ApprovedFile(approved, "Purse.Generated")
            );
            var surface = PublicApiSurface.Render(
                Path.Combine(_copy, "src", "Purse.Generated", "bin", "Release", "net10.0", "Purse.Generated.dll")
            );

            var diff = PublicApiBaseline.Check(approved, "Purse.Generated", surface);

            Assert.That(diff, Does.Contain("+        public System.DateTimeOffset? AttemptedAt { get; set; }"), diff);
        }
        finally
        {
            Directory.Delete(approved, recursive: true);
        }
    }

    [Test, Order(2)]
    public void The_same_spec_again_reports_no_change_and_exits_0_leaving_every_file_as_it_was()
    {
        var before = Snapshot();

        var run = UpdateSpec(_baseUrl + "/v2/purse-payment-v2.json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        Assert.That(run.Output, Does.Contain("drift: no change in meaning"));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [TestCase("/v2/missing.json", "could not download")]
    [TestCase("/v2/broken.json", "is not an OpenAPI 3.x JSON document")]
    [Order(3)]
    public void A_404_or_a_broken_download_changes_nothing(string path, string message)
    {
        var before = Snapshot();

        var run = UpdateSpec(_baseUrl + path);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.Output);
        Assert.That(run.Output, Does.Contain(message));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test, Order(4)]
    public void A_broken_local_file_changes_nothing()
    {
        var broken = Path.Combine(_copy, "broken.json");
        File.WriteAllText(broken, "{\"openapi\": \"3.0.3\", \"paths\": ");
        var before = Snapshot();

        var run = UpdateSpec(broken);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.Output);
        Assert.That(run.Output, Does.Contain("is not valid JSON"));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test, Order(5)]
    public void A_spec_that_cannot_be_generated_restores_spec_and_lock_and_the_next_build_regenerates()
    {
        var before = Snapshot();

        var run = UpdateSpec(_baseUrl + "/v2/ungeneratable.json");

        Assert.That(run.ExitCode, Is.EqualTo(4), run.Output);
        Assert.That(run.Output, Does.Contain("regeneration failed"));
        Assert.That(Snapshot(), Is.EqualTo(before), "spec and lock are byte-identical to what they were");
        var build = DotnetCli.Run(
            _copy,
            TimeSpan.FromMinutes(4),
            "build",
            "src/Purse.Generated/Purse.Generated.csproj",
            "-c",
            "Release",
            "-nodeReuse:false"
        );
        Assert.That(build.ExitCode, Is.EqualTo(0), "the restored spec generates again: " + build.Output);
        Assert.That(
            File.ReadAllText(Path.Combine(_copy, "src", "Purse.Generated", "obj", "Generated", "PurseClient.g.cs")),
            Does.Not.Contain("CaseClash")
        );
    }

    private ProcessResult UpdateSpec(string source) => SpecScripts.RunScript("build/update-spec", _copy, source);

    /// <summary>Every file of the copy (but build output) and its hash.</summary>
    private Dictionary<string, string> Snapshot() =>
        Directory
            .EnumerateFiles(_copy, "*", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .ToDictionary(
                f => Path.GetRelativePath(_copy, f),
                f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))
            );

    private async Task ServeAsync()
    {
        while (_server is { IsListening: true } server)
        {
            HttpListenerContext context;
            try
            {
                context = await server.GetContextAsync();
            }
            catch (Exception e)
                when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            using var response = context.Response;
            if (_served.TryGetValue(context.Request.Url!.AbsolutePath, out var body))
            {
                response.StatusCode = 200;
                response.ContentType = "application/json";
                await response.OutputStream.WriteAsync(body);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void Copy(string relative)
    {
        var target = Path.Combine(_copy, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(RepoPaths.Combine(relative), target);
    }
}
