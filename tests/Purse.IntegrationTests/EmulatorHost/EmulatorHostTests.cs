using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using Purse.IntegrationTests.Peers;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.TestSupport;

namespace Purse.IntegrationTests.EmulatorHost;

/// <summary>
/// <c>dotnet run --project samples/Purse.EmulatorHost</c>, as the README shows it, serves a payable hosted page:
/// the program is started on 127.0.0.1 and a free port (bounded), a shop's Purse client creates a HOSTED_PAGE
/// session, a browser pays on <c>links.hosted_page</c> and is sent back with redirection data the client verifies,
/// and the webhook reaches the URL the host was given. The process is killed at the end.
/// </summary>
[NonParallelizable]
public sealed class EmulatorHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Test]
    [CancelAfter(180_000)]
    public async Task Dotnet_run_of_the_host_serves_a_payable_hosted_page(CancellationToken ct)
    {
        var webhooks = new ConcurrentQueue<Payment>();
        await using var shop = await LoopbackServer.StartAsync(
            "127.0.0.1",
            context => ReceiveAsync(context, webhooks),
            ct
        );
        var port = LoopbackPort.Free();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        await using var host = await PeerProcess.StartAsync(
            "dotnet",
            [
                "run",
                "--project",
                "samples/Purse.EmulatorHost",
                "-c",
                Configuration,
                "--no-build",
                "--",
                "--port",
                port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--webhook-url",
                new Uri(shop.BaseAddress, "purse/webhook").ToString(),
                "--api-key",
                "host-test-api-key",
            ],
            baseAddress,
            IsReadyAsync,
            StartTimeout
        );
        Assert.That(
            host.Output,
            Does.Contain($"Purse__BaseAddress={baseAddress}"),
            "it says how to point a shop at it"
        );

        await using var provider = new ServiceCollection()
            .AddPurseClient(options =>
            {
                options.BaseAddress = baseAddress;
                options.ClientId = "emulator-client"; // the host's published defaults (appsettings.json)
                options.ClientSecret = "emulator-client-secret";
                options.ApiKey = "host-test-api-key";
                options.EntityId = Guid.Parse("5e3a0862-7cc3-4427-92ba-9e1e9595f571");
            })
            .BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();
        var session = await purse.ClientSessions.CreateAsync(
            new CreateClientSessionRequest
            {
                Amount = 4299,
                Currency = Currency.Eur,
                IntegrationMode = IntegrationMode.HostedPage,
                Order = new Order
                {
                    Reference = "order-host-1",
                    NetAmount = 4299,
                    TaxAmount = 716,
                },
                ShopperRedirectionUrl = new Uri("https://shop.example/purse/return?shop=fr"),
            },
            ct
        );

        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        Assert.That(session.HostedPageUrl!.GetLeftPart(UriPartial.Authority), Is.EqualTo($"http://127.0.0.1:{port}"));
        using var page = await browser.GetAsync(session.HostedPageUrl, ct);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await page.Content.ReadAsStringAsync(ct), Does.Contain("<form").And.Contain("adyen/creditcard"));

        using var paid = await browser.PostAsync(
            session.HostedPageUrl,
            new FormUrlEncodedContent([
                KeyValuePair.Create("amount-0", "1299"),
                KeyValuePair.Create("amount-1", "3000"),
                KeyValuePair.Create("outcome", "AUTHORIZED"),
            ]),
            ct
        );

        Assert.That(paid.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        var data = await purse.Redirection.VerifyAsync(paid.Headers.Location!.ToString(), ct);
        Assert.Multiple(() =>
        {
            Assert.That(paid.Headers.Location!.Query, Does.StartWith("?shop=fr&purse-redirection-data="));
            Assert.That(
                (data.ClientSessionId, data.AuthorizationStatus),
                Is.EqualTo((session.Id, AuthorizationStatus.Authorized))
            );
            Assert.That(
                webhooks.Select(w => w.Id),
                Has.Member(data.PaymentId),
                "the webhook reached the URL the host was given"
            );
        });
    }

    private static async Task<bool> IsReadyAsync(HttpClient probe)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "payment/v2/signing-jwks");
        request.Headers.Add("x-api-key", "host-test-api-key");
        using var answer = await probe.SendAsync(request);
        return answer.StatusCode == HttpStatusCode.OK;
    }

    private static async Task ReceiveAsync(HttpContext context, ConcurrentQueue<Payment> webhooks)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        webhooks.Enqueue(JsonConvert.DeserializeObject<Payment>(body, PurseJson.Settings)!);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>The configuration of this test assembly; the host was built in it too (not built here).</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Sep}Release{Sep}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static char Sep => Path.DirectorySeparatorChar;
}
