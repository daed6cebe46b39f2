using System.Net;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;
using static Purse.Tests.Support.MarkedAnswers;

namespace Purse.Tests.Http;

public sealed class RetryTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [Test]
    public async Task A_get_hitting_503_twice_then_200_succeeds()
    {
        using var harness = new FacadeHarness();
        var statuses = new Queue<HttpStatusCode>([
            HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.OK,
        ]);
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ =>
            {
                var status = statuses.Dequeue();
                return FacadeHarness.Json(
                    status,
                    status == HttpStatusCode.OK ? FacadeSamples.PaymentJson : "<html>503</html>",
                    status == HttpStatusCode.OK ? "application/json" : "text/html"
                );
            });

        var payment = await harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId));

        Assert.Multiple(() =>
        {
            Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
            Assert.That(
                harness.ApiRequests.Select(r => $"{r.Method} {r.Uri.AbsolutePath}"),
                Is.EqualTo(Enumerable.Repeat($"GET /payment/v2/payments/{FacadeSamples.PaymentId}", 3))
            );
            Assert.That(harness.TokensIssued, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_get_that_keeps_failing_stops_after_the_configured_attempts()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 2);
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(HttpStatusCode.BadGateway, "application/problem+json", FacadeSamples.ErrorExample("BadGateway"));

        var error = await FacadeHarness.ThrowsAsync<PurseServerException>(() =>
            harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId))
        );

        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(3), "one attempt and two retries");
    }

    [Test]
    public async Task A_get_after_a_network_error_is_retried()
    {
        using var harness = new FacadeHarness();
        var first = true;
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ =>
            {
                if (first)
                {
                    first = false;
                    throw new HttpRequestException("Connection reset", null, null);
                }
                return FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson);
            });

        var payment = await harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId));

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_429_with_retry_after_is_waited_for_before_the_get_is_retried()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryDelay = TimeSpan.FromMinutes(1));
        var first = true;
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ =>
            {
                if (!first)
                {
                    return FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson);
                }
                first = false;
                var limited = FacadeHarness.Json(
                    HttpStatusCode.TooManyRequests,
                    FacadeSamples.ErrorExample("TooManyRequests"),
                    "application/problem+json"
                );
                limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(
                    TimeSpan.FromSeconds(20)
                );
                return limited;
            });

        var call = harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        for (var i = 0; i < 19; i++)
        {
            await Task.Delay(5);
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }
        await Task.Delay(50);
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1), "nothing sent again before Retry-After elapsed");

        var payment = await harness.AdvancingTimeAsync(() => call, TimeSpan.FromSeconds(1));
        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_get_that_never_answers_fails_typed_after_the_total_timeout()
    {
        using var harness = new FacadeHarness(o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(12);
        });
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(new NeverAnswers());

        var error = await FacadeHarness.ThrowsAsync<PurseConnectionException>(() =>
            harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId))
        );

        Assert.That(error.IsTimeout, Is.True);
        Assert.That(
            harness.ApiRequests.Count(),
            Is.InRange(2, 3),
            "attempts timed out and were retried until the total timeout"
        );
    }

    [Test]
    public async Task No_attempt_is_sent_when_less_than_10_ms_are_left_in_the_total_timeout()
    {
        using var harness = new FacadeHarness(o =>
        {
            o.Resilience.MaxRetryAttempts = 3;
            o.Resilience.RetryBaseDelay = TimeSpan.FromSeconds(10);
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(10);
        });
        var sentAt = new List<DateTimeOffset>();
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ =>
            {
                sentAt.Add(harness.Time.GetUtcNow());
                return Problem(HttpStatusCode.ServiceUnavailable);
            });

        var started = harness.Time.GetUtcNow();
        // Small clock steps: a request is seen at the step after the retry delay ends.
        await FacadeHarness.ThrowsAsync<PurseException>(() =>
            harness.AdvancingTimeAsync(
                () => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None),
                TimeSpan.FromMilliseconds(5)
            )
        );

        Assert.That(
            sentAt.Select(t => t - started),
            Is.All.LessThanOrEqualTo(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(10))
        );
    }

    [Test]
    public async Task Retries_can_be_switched_off()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(HttpStatusCode.ServiceUnavailable);

        await FacadeHarness.ThrowsAsync<PurseServerException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1));
    }

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
