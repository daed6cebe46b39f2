using System.Net;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Http;

/// <summary>
/// Retry-After is honoured up to MaxRetryDelay and the time left in the total timeout; beyond
/// that the client does not sleep: a <see cref="PurseRateLimitedException"/> at once, with
/// RetryAfter set. Every form of the header ends in a typed exception.
/// </summary>
public sealed class RetryAfterTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [TestCase("100000", 100000)]
    [TestCase("5000000", 5000000)]
    [TestCase("Wed, 01 Jan 2031 00:00:00 GMT", -1)]
    public async Task A_retry_after_beyond_the_maximum_delay_fails_at_once_with_the_delay(
        string retryAfter,
        long seconds
    )
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => Limited(retryAfter));

        // No clock movement: a call that slept would never finish.
        var call = harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10))) == call;
        Assert.That(finished, Is.True, "the client did not sleep for Retry-After");
        var error = await FacadeHarness.ThrowsAsync<PurseRateLimitedException>(() => call);

        var expected =
            seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero) - FacadeHarness.Start;
        Assert.Multiple(() =>
        {
            Assert.That(error.RetryAfter, Is.EqualTo(expected));
            Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1), "not retried");
            Assert.That(error.Message, Does.Contain("Retry-After"));
        });
    }

    [Test]
    public async Task A_retry_after_beyond_the_time_left_in_the_total_timeout_fails_at_once()
    {
        using var harness = new FacadeHarness(o =>
        {
            o.Resilience.MaxRetryDelay = TimeSpan.FromMinutes(5);
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(10);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(20);
        });
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => Limited("30"));

        var call = harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        Assert.That(
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10))),
            Is.SameAs(call),
            "no sleep past the total timeout"
        );
        var error = await FacadeHarness.ThrowsAsync<PurseRateLimitedException>(() => call);

        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1));
    }

    [TestCase("soon")]
    [TestCase("-5")]
    [TestCase("Thu, 99 Foo 2031 25:61:00 GMT")]
    public async Task A_retry_after_that_cannot_be_read_ends_in_a_typed_exception(string retryAfter)
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 1);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => Limited(retryAfter));

        var error = await FacadeHarness.ThrowsAsync<PurseRateLimitedException>(() =>
            harness
                .AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId))
                .WaitAsync(TimeSpan.FromSeconds(30))
        );

        Assert.That(error.RetryAfter, Is.Null, "an unreadable header gives no delay");
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(2), "retried once with the client's own backoff");
    }

    // Issue 21, item 9: past ~4.6e11 s (half of what a TimeSpan holds) whole seconds were read as unreadable, so the
    // read was retried with the client's own backoff instead of ending at once as "too long".
    [TestCase("461168601843")]
    [TestCase("922337203686")]
    [TestCase("99999999999999999999999")]
    public async Task A_retry_after_too_long_for_a_timespan_fails_at_once_as_too_long(string retryAfter)
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => Limited(retryAfter));

        // No clock movement: a call that slept or backed off would never finish.
        var call = harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        var first = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.That(first, Is.SameAs(call), "no sleep, no retry");
        var error = await FacadeHarness.ThrowsAsync<PurseRateLimitedException>(() => call);

        Assert.Multiple(() =>
        {
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.MaxValue), "longer than a TimeSpan holds");
            Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1), "not retried");
            Assert.That(error.Message, Does.Contain("Retry-After"));
        });
    }

    [Test]
    public async Task A_retry_after_beyond_32_bits_of_seconds_is_not_retried()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ =>
            {
                var response = FacadeHarness.Json(HttpStatusCode.TooManyRequests, "{}", "application/problem+json");
                response.Headers.TryAddWithoutValidation("Retry-After", "9999999999");
                return response;
            });

        var error = await FacadeHarness.ThrowsAsync<PurseRateLimitedException>(() =>
            harness
                .AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId))
                .WaitAsync(TimeSpan.FromSeconds(30))
        );

        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(9999999999)));
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1), "not slept on nor retried");
    }

    [Test]
    public async Task A_retry_after_within_the_limits_is_honoured()
    {
        using var harness = new FacadeHarness();
        var answers = 0;
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ =>
                ++answers == 1 ? Limited("3") : FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson)
            );

        var payment = await harness
            .AdvancingTimeAsync(
                () => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId),
                TimeSpan.FromMilliseconds(500)
            )
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
        Assert.That(answers, Is.EqualTo(2));
    }

    private static HttpResponseMessage Limited(string retryAfter)
    {
        var response = FacadeHarness.Json(
            HttpStatusCode.TooManyRequests,
            FacadeSamples.ErrorExample("TooManyRequests"),
            "application/problem+json"
        );
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }
}
