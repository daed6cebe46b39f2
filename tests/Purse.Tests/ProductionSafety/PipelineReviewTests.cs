using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.ProductionSafety;

/// <summary>
/// Findings of the review of the lean pipeline (issue 15), each a test first: what Purse answers never reaches
/// the logs through Polly, no attempt is sent when no time is left for it, the API key is sent once, and a
/// body in a charset .NET cannot decode is a typed error.
/// </summary>
public sealed class PipelineReviewTests
{
    private const string Marker = "BODY-MARKER-7f3a";
    private static readonly string PaymentUrl = FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    private static HttpResponseMessage Problem(HttpStatusCode status) =>
        FacadeHarness.Json(status, $$"""{"title":"card {{Marker}}","status":{{(int)status}},"detail":"{{Marker}}"}""", "application/problem+json");

    [Test]
    public async Task What_Purse_answers_never_reaches_the_logs_not_even_through_Polly()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 2);
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.BadRequest]);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => Problem(answers.Dequeue()));
        harness.Mock.When(HttpMethod.Post, PaymentUrl + "/captures").Respond(_ => Problem(HttpStatusCode.Conflict));

        await FacadeHarness.ThrowsAsync<PurseValidationException>(() => harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None)));
        await FacadeHarness.ThrowsAsync<PurseConflictException>(() =>
            harness.Client.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(100, Currency.Eur), CancellationToken.None));

        var leaks = harness.Logs.GetSnapshot()
            .Where(r => (r.Message + r.Exception).Contains(Marker, StringComparison.Ordinal) || (r.Message + r.Exception).Contains("RawApiException", StringComparison.Ordinal))
            .Select(r => $"{r.Level} {r.Category}: {r.Message}");
        Assert.That(leaks, Is.Empty);
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
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ =>
        {
            sentAt.Add(harness.Time.GetUtcNow());
            return Problem(HttpStatusCode.ServiceUnavailable);
        });

        var started = harness.Time.GetUtcNow();
        // Small clock steps: a request is seen at the step after the retry delay ends.
        await FacadeHarness.ThrowsAsync<PurseException>(() => harness.AdvancingTimeAsync(
            () => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None), TimeSpan.FromMilliseconds(5)));

        Assert.That(sentAt.Select(t => t - started), Is.All.LessThanOrEqualTo(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(10)));
    }

    [Test]
    public async Task The_api_key_is_sent_once_even_when_the_application_set_one_on_the_client()
    {
        using var harness = new FacadeHarness(configureServices: services => services.AddHttpClient(PurseHttpClients.Api)
            .ConfigureHttpClient(http => http.DefaultRequestHeaders.TryAddWithoutValidation("x-api-key", "stale-key")));
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));

        await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None);

        Assert.That(harness.ApiRequests.Single().Headers["x-api-key"], Is.EqualTo(SecretLeakGuard.ApiKey));
    }

    [TestCase(HttpStatusCode.OK)]
    [TestCase(HttpStatusCode.BadRequest)]
    public async Task A_body_in_an_unknown_charset_is_a_typed_error(HttpStatusCode status)
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ =>
        {
            var response = FacadeHarness.Json(status, status == HttpStatusCode.OK ? FacadeSamples.PaymentJson : """{"title":"bad"}""");
            response.Content.Headers.ContentType!.CharSet = "utf-99";
            return response;
        });

        await FacadeHarness.ThrowsAsync<PurseException>(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None));
    }

    [TestCase("RetryBaseDelay")]
    [TestCase("MaxRetryDelay")]
    public async Task A_retry_delay_over_a_day_is_refused_at_validation_naming_the_setting(string setting)
    {
        using var harness = new FacadeHarness(o =>
        {
            if (setting == "RetryBaseDelay")
            {
                // Doubled and jittered on the second retry, this no longer fits a TimeSpan.
                o.Resilience.RetryBaseDelay = TimeSpan.FromDays(5_000_000);
            }
            else
            {
                o.Resilience.MaxRetryDelay = TimeSpan.FromDays(2);
            }
        });
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => Problem(HttpStatusCode.ServiceUnavailable));

        var error = await FacadeHarness.ThrowsAsync<OptionsValidationException>(() => harness.AdvancingTimeAsync(
            () => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None), TimeSpan.FromMinutes(1)));

        Assert.That(error.Message, Does.Contain($"Resilience:{setting}"));
    }
}
