using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Http;

/// <summary>
/// What an application logging at Information sees of the client: nothing while calls succeed, even
/// after retries; a Warning per failure. Each attempt and exchange is there at Debug.
/// </summary>
public sealed class LogLevelTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [Test]
    public async Task A_read_that_succeeds_after_two_retries_logs_nothing_above_Debug()
    {
        using var harness = new FacadeHarness();
        var answers = new Queue<HttpStatusCode>([
            HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.OK,
        ]);
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(answers.Dequeue(), FacadeSamples.PaymentJson));

        await harness.AdvancingTimeAsync(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None)
        );

        var records = harness.Logs.GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(records.Where(r => r.Level > LogLevel.Debug).Select(Describe), Is.Empty);
            Assert.That(
                records
                    .Where(r => r.Category == typeof(PurseLoggingHandler).FullName)
                    .Select(r => (r.Level, r.Message[..r.Message.IndexOf(" in ", StringComparison.Ordinal)])),
                Is.EqualTo(
                    new[]
                    {
                        (LogLevel.Debug, "Purse HTTP POST /oauth/token answered 200"),
                        (LogLevel.Debug, $"Purse HTTP GET /payment/v2/payments/{FacadeSamples.PaymentId} answered 503"),
                        (LogLevel.Debug, $"Purse HTTP GET /payment/v2/payments/{FacadeSamples.PaymentId} answered 503"),
                        (LogLevel.Debug, $"Purse HTTP GET /payment/v2/payments/{FacadeSamples.PaymentId} answered 200"),
                    }
                )
            );
            Assert.That(
                PollyEvents(records),
                Is.SupersetOf(new[] { (LogLevel.Debug, "ExecutionAttempt"), (LogLevel.Debug, "OnRetry") }),
                "each attempt and retry is still there at Debug"
            );
        });
    }

    [Test]
    public async Task A_write_that_times_out_logs_Warnings_and_no_Error()
    {
        using var harness = new FacadeHarness(o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(10);
        });
        harness.Mock.When(HttpMethod.Post, PaymentUrl + "/captures").Respond(new NeverAnswers());

        // Retried with its idempotency key until the total timeout, then its outcome is unknown.
        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.AdvancingTimeAsync(() =>
                harness.Client.Payments.CaptureAsync(
                    FacadeSamples.PaymentId,
                    Money.FromMinorUnits(100, Currency.Eur),
                    CancellationToken.None
                )
            )
        );
        Assert.That(error.InnerException, Is.InstanceOf<PurseConnectionException>());

        var records = harness.Logs.GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(
                records.Where(r => r.Level > LogLevel.Warning).Select(Describe),
                Is.Empty,
                "a timeout is not an Error of the application"
            );
            Assert.That(PollyEvents(records), Does.Contain((LogLevel.Warning, "OnTimeout")));
            Assert.That(
                records
                    .Where(r => r.Category == typeof(PurseLoggingHandler).FullName && r.Level == LogLevel.Warning)
                    .Select(r => r.Message),
                Has.Exactly(2)
                    .StartsWith(
                        $"Purse HTTP POST /payment/v2/payments/{FacadeSamples.PaymentId}/captures failed with "
                    ),
                "one Warning per attempt: the first, and its retry cut short by the total timeout"
            );
        });
    }

    private static IEnumerable<(LogLevel, string)> PollyEvents(IEnumerable<FakeLogRecord> records) =>
        records
            .Where(r => r.Category?.StartsWith("Polly", StringComparison.Ordinal) == true)
            .Select(r =>
                (
                    r.Level,
                    r.Message.StartsWith("Execution attempt", StringComparison.Ordinal)
                        ? "ExecutionAttempt"
                        : r.StructuredState?.FirstOrDefault(kv => kv.Key == "EventName").Value ?? r.Message
                )
            );

    private static string Describe(FakeLogRecord record) => $"{record.Level} {record.Category}: {record.Message}";

    private sealed class NeverAnswers : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
