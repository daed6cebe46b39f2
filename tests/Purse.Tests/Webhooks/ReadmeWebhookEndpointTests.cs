using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Webhooks;

/// <summary>
/// The README's webhook endpoint, run as written (the body of <see cref="Endpoint"/> is the README's,
/// which a test checks) against the real facade over MockHttp.
/// </summary>
public sealed class ReadmeWebhookEndpointTests
{
    private static readonly IPAddress Purse = IPAddress.Parse(PurseClientOptions.SandboxWebhookSourceAddresses[0]);
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    // README:begin (the lambda of app.MapPost("/purse/webhook", ...), as the README has it)
    private static async Task<IResult> Endpoint(
        HttpRequest request,
        IPurseClient purse,
        IOrders orders,
        CancellationToken ct
    )
    {
        // Defence in depth: Purse's published webhook source addresses (docs/trust.md, behind a proxy too).
        if (request.HttpContext.Connection.RemoteIpAddress is not { } sender || !purse.Webhooks.IsFromPurse(sender))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        try
        {
            // Never trust the body: re-read the payment from Purse and act on that.
            Payment payment = await purse.Webhooks.ParseAndVerifyAsync(body, ct);
            await orders.ApplyAsync(payment, ct); // idempotent per payment id and version
            return Results.Ok();
        }
        catch (PurseWebhookException)
        {
            return Results.BadRequest(); // not a Purse payment
        }
        catch (PurseNotFoundException)
        {
            // Purse does not know this payment: forged, or another entity's. 400 (refused), not 200: nothing
            // was confirmed, so nothing is acknowledged; not a 500: nothing failed here.
            return Results.BadRequest();
        }
        catch (PurseException e)
            when (e is PurseConnectionException or PurseServerException or PurseRateLimitedException)
        {
            // Purse unreachable: deliver it again later.
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    // README:end

    [Test]
    public void The_endpoint_here_is_the_READMEs()
    {
        var readme = File.ReadAllLines(RepoPaths.Combine("README.md"));
        var start = Array.FindIndex(readme, l =>
            l.StartsWith("app.MapPost(\"/purse/webhook\"", StringComparison.Ordinal)
        );
        var end = Array.FindIndex(readme, start, l => l == "});");
        var here = File.ReadAllLines(
            RepoPaths.Combine("tests", "Purse.Tests", "Webhooks", nameof(ReadmeWebhookEndpointTests) + ".cs")
        );
        // The body of Endpoint: from the line after the brace that opens it.
        var signature = Array.FindIndex(here, l =>
            l.Contains("private static async Task<IResult> Endpoint(", StringComparison.Ordinal)
        );
        var from = Array.FindIndex(here, signature, l => l.Trim() == "{") + 1;
        // Up to the brace that closes it, the last before the end marker.
        var endMarker = Array.FindIndex(here, l => l.Contains("// README:end", StringComparison.Ordinal));
        var to = Array.FindLastIndex(here, endMarker, l => l.Trim() == "}");

        Assert.That(start, Is.GreaterThan(0));
        Assert.That(here[from..to].Select(l => l.Trim()), Is.EqualTo(readme[(start + 2)..end].Select(l => l.Trim())));
    }

    [Test]
    public async Task A_forged_webhook_for_a_payment_Purse_does_not_know_is_answered_400_and_nothing_is_applied()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        var refetch = harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(HttpStatusCode.NotFound, "application/problem+json", """{"title":"Payment not found"}""");
        var orders = new Orders();

        var status = await RunAsync(harness, orders, Purse, FacadeSamples.PaymentJson);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(400));
            Assert.That(orders.Applied, Is.Empty);
            Assert.That(harness.Mock.GetMatchCount(refetch), Is.EqualTo(1));
            Assert.That(
                harness.ApiRequests.Single().Headers.ContainsKey("Cache-Control"),
                Is.False,
                "re-read fresh, not from Purse's copy"
            );
        });
    }

    [Test]
    public async Task A_genuine_webhook_applies_the_payment_Purse_returns_not_the_body()
    {
        using var harness = new FacadeHarness();
        var authoritative = JObject.Parse(FacadeSamples.PaymentJson);
        authoritative["version"] = 42;
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", authoritative.ToString());
        var orders = new Orders();

        var status = await RunAsync(harness, orders, Purse, FacadeSamples.PaymentJson);

        Assert.That(status, Is.EqualTo(200));
        Assert.That(
            orders.Applied.Select(p => (p.Id, p.Version)),
            Is.EqualTo(new[] { (FacadeSamples.PaymentId, (long?)42) })
        );
    }

    [TestCase("{not json", 400)]
    [TestCase("""{"id":"00000000-0000-0000-0000-000000000000"}""", 400)]
    public async Task A_body_that_is_not_a_payment_is_answered_400_without_asking_Purse(string body, int expected)
    {
        using var harness = new FacadeHarness();
        var orders = new Orders();

        var status = await RunAsync(harness, orders, Purse, body);

        Assert.That((status, harness.Requests.Count, orders.Applied.Count), Is.EqualTo((expected, 0, 0)));
    }

    [Test]
    public async Task A_sender_outside_Purses_addresses_is_answered_403_without_asking_Purse()
    {
        using var harness = new FacadeHarness();
        var orders = new Orders();

        var status = await RunAsync(harness, orders, IPAddress.Parse("203.0.113.7"), FacadeSamples.PaymentJson);

        Assert.That((status, harness.Requests.Count, orders.Applied.Count), Is.EqualTo((403, 0, 0)));
    }

    [Test]
    public async Task When_Purse_cannot_answer_the_webhook_is_answered_503_to_be_delivered_again()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(HttpStatusCode.BadGateway);
        var orders = new Orders();

        var status = await RunAsync(harness, orders, Purse, FacadeSamples.PaymentJson);

        Assert.That((status, orders.Applied.Count), Is.EqualTo((503, 0)));
    }

    [Test]
    public async Task When_the_token_endpoint_cannot_be_reached_the_webhook_is_answered_503_to_be_delivered_again()
    {
        // Issue 22: a DNS failure of the token host was a PurseAuthenticationException, so this endpoint answered 500.
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0, defaultTokenEndpoint: false);
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Throw(new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known"));
        var orders = new Orders();

        var status = await RunAsync(harness, orders, Purse, FacadeSamples.PaymentJson);

        Assert.That((status, orders.Applied.Count), Is.EqualTo((503, 0)));
    }

    private static async Task<int?> RunAsync(FacadeHarness harness, IOrders orders, IPAddress sender, string body)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = sender;
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        var result = await Endpoint(context.Request, harness.Client, orders, CancellationToken.None);
        return ((Microsoft.AspNetCore.Http.IStatusCodeHttpResult)result).StatusCode;
    }

    /// <summary>The merchant's order service of the README.</summary>
    public interface IOrders
    {
        Task ApplyAsync(Payment payment, CancellationToken cancellationToken);
    }

    private sealed class Orders : IOrders
    {
        public List<Payment> Applied { get; } = [];

        public Task ApplyAsync(Payment payment, CancellationToken cancellationToken)
        {
            Applied.Add(payment);
            return Task.CompletedTask;
        }
    }
}
