using System.Net;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Http;

public sealed class LoggingTests
{
    [Test]
    public async Task Each_exchange_is_logged_with_method_path_status_and_duration_but_no_body_or_header()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, "*/captures").Respond(HttpStatusCode.Created, "application/json", FacadeSamples.PaymentJson);

        await harness.Client.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(777, Currency.Eur), new PaymentOperationOptions { MerchantReference = "REF-IN-BODY-ONLY" });

        var lines = harness.Logs.GetSnapshot().Where(r => r.Category == typeof(PurseLoggingHandler).FullName).ToList();
        Assert.That(lines.Select(l => l.Message), Is.EqualTo(new[]
        {
            $"Purse HTTP POST /oauth/token answered 200 in 0.0 ms",
            $"Purse HTTP POST /payment/v2/payments/{FacadeSamples.PaymentId}/captures answered 201 in 0.0 ms",
        }));
        var everything = string.Join("\n", harness.Logs.GetSnapshot().Select(r => r.Message + " " + string.Join(",", r.StructuredState ?? [])));
        Assert.Multiple(() =>
        {
            Assert.That(everything, Does.Not.Contain("REF-IN-BODY-ONLY"), "no request body");
            Assert.That(everything, Does.Not.Contain("\"id\""), "no response body");
            Assert.That(everything, Does.Not.Contain("Bearer").And.Not.Contain("x-api-key").And.Not.Contain("Basic"), "no headers");
        });
    }

    [Test]
    public void The_leak_guard_finds_each_secret()
    {
        var observed = SecretLeakGuard.Secrets.Select((s, i) => ($"sample {i}", $"before {s} after")).ToList();
        observed.Add(("clean", "nothing to see"));

        Assert.That(SecretLeakGuard.FindLeaks(observed), Has.Count.EqualTo(SecretLeakGuard.Secrets.Count));
    }
}
