using System.Net;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;
using static Purse.Tests.Support.MarkedAnswers;

namespace Purse.Tests.Http;

public sealed class LoggingTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [Test]
    public async Task Each_exchange_is_logged_with_method_path_status_and_duration_but_no_body_or_header()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, "*/captures")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.PaymentJson);

        await harness.Client.Payments.CaptureAsync(
            FacadeSamples.PaymentId,
            Money.FromMinorUnits(777, Currency.Eur),
            new PaymentOperationOptions { MerchantReference = "REF-IN-BODY-ONLY" }
        );

        var lines = harness.Logs.GetSnapshot().Where(r => r.Category == typeof(PurseLoggingHandler).FullName).ToList();
        Assert.That(
            lines.Select(l => l.Message),
            Is.EqualTo(
                new[]
                {
                    $"Purse HTTP POST /oauth/token answered 200 in 0.0 ms",
                    $"Purse HTTP POST /payment/v2/payments/{FacadeSamples.PaymentId}/captures answered 201 in 0.0 ms",
                }
            )
        );
        var everything = string.Join(
            "\n",
            harness.Logs.GetSnapshot().Select(r => r.Message + " " + string.Join(",", r.StructuredState ?? []))
        );
        Assert.Multiple(() =>
        {
            Assert.That(everything, Does.Not.Contain("REF-IN-BODY-ONLY"), "no request body");
            Assert.That(everything, Does.Not.Contain("\"id\""), "no response body");
            Assert.That(
                everything,
                Does.Not.Contain("Bearer").And.Not.Contain("x-api-key").And.Not.Contain("Basic"),
                "no headers"
            );
        });
    }

    [Test]
    public async Task What_Purse_answers_never_reaches_the_logs_not_even_through_Polly()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 2);
        var answers = new Queue<HttpStatusCode>([
            HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.BadRequest,
        ]);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => Problem(answers.Dequeue()));
        harness.Mock.When(HttpMethod.Post, PaymentUrl + "/captures").Respond(_ => Problem(HttpStatusCode.Conflict));

        await FacadeHarness.ThrowsAsync<PurseValidationException>(() =>
            harness.AdvancingTimeAsync(() =>
                harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None)
            )
        );
        await FacadeHarness.ThrowsAsync<PurseConflictException>(() =>
            harness.Client.Payments.CaptureAsync(
                FacadeSamples.PaymentId,
                Money.FromMinorUnits(100, Currency.Eur),
                CancellationToken.None
            )
        );

        var leaks = harness
            .Logs.GetSnapshot()
            .Where(r =>
                (r.Message + r.Exception).Contains(Marker, StringComparison.Ordinal)
                || (r.Message + r.Exception).Contains("RawApiException", StringComparison.Ordinal)
            )
            .Select(r => $"{r.Level} {r.Category}: {r.Message}");
        Assert.That(leaks, Is.Empty);
    }

    [Test]
    public async Task A_value_of_an_unreadable_success_body_never_reaches_the_logs()
    {
        using var harness = new FacadeHarness();
        var body = JObject.Parse(FacadeSamples.PaymentJson);
        body["id"] = Marker;
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, body.ToString()));

        await FacadeHarness.ThrowsAsync<PurseResponseException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None)
        );

        Assert.That(
            harness
                .Logs.GetSnapshot()
                .Where(r => (r.Message + r.Exception).Contains(Marker, StringComparison.Ordinal))
                .Select(r => $"{r.Level} {r.Category}: {r.Message}"),
            Is.Empty
        );
    }

    [Test]
    public void The_leak_guard_finds_each_secret()
    {
        var observed = SecretLeakGuard.Secrets.Select((s, i) => ($"sample {i}", $"before {s} after")).ToList();
        observed.Add(("clean", "nothing to see"));

        Assert.That(SecretLeakGuard.FindLeaks(observed), Has.Count.EqualTo(SecretLeakGuard.Secrets.Count));
    }
}
