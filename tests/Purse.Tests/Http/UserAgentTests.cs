using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Purse.Tests.Support;
using Purse.TestSupport;

namespace Purse.Tests.Http;

/// <summary>Every request says which client and runtime send it, as it arrives on the wire.</summary>
public sealed class UserAgentTests
{
    [Test]
    public async Task API_and_token_requests_carry_Purse_NET_with_the_package_version_and_the_runtime()
    {
        var version = Regex
            .Match(
                File.ReadAllText(RepoPaths.Combine("src", "Directory.Build.props")),
                "<VersionPrefix>([^<]+)</VersionPrefix>"
            )
            .Groups[1]
            .Value;
        await using var server = await LoopbackServer.StartAsync("127.0.0.1", context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(
                context.Request.Path == "/oauth/token" ? LoopbackFacade.TokenJson() : FacadeSamples.PaymentJson
            );
        });
        await using var facade = new LoopbackFacade(server.BaseAddress);

        await facade.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None);

        Assert.That(version, Does.Match(@"^\d+\.\d+\.\d+"));
        Assert.That(
            server.Received.Select(r => (r.PathAndQuery, r.Headers["User-Agent"])),
            Is.EqualTo(
                new[]
                {
                    ("/oauth/token", $"Purse.NET/{version} (.NET {Environment.Version})"),
                    (
                        $"/payment/v2/payments/{FacadeSamples.PaymentId}",
                        $"Purse.NET/{version} (.NET {Environment.Version})"
                    ),
                }
            )
        );
    }

    [TestCase("0.1.0+2f4c627a1b", "Purse.NET/0.1.0 (.NET 10.0.1)")]
    [TestCase("1.2.0-beta.3+2f4c627a1b", "Purse.NET/1.2.0-beta.3 (.NET 10.0.1)")]
    [TestCase("1.2.0", "Purse.NET/1.2.0 (.NET 10.0.1)")]
    [TestCase(null, "Purse.NET/0.0.0 (.NET 10.0.1)")]
    public void The_commit_SourceLink_appends_to_the_informational_version_is_left_out(
        string? informational,
        string expected
    )
    {
        Assert.That(PurseUserAgent.Create(informational, new Version(10, 0, 1)), Is.EqualTo(expected));
    }
}
