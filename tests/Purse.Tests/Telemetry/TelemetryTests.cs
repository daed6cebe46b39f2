using System.Diagnostics;
using System.Net;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Telemetry;

/// <summary>
/// The "Purse" activity source and meter, read with the OpenTelemetry SDK and its in-memory
/// exporter as an application would: a client span per operation with the HTTP semantic
/// attributes, token spans, retries visible, the metrics, and no secret in any tag.
/// </summary>
[NonParallelizable]
public sealed class TelemetryTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [Test]
    public async Task Operations_tokens_and_retries_are_traced_and_measured_without_secrets()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(PurseTelemetry.Name)
            .AddInMemoryExporter(spans)
            .Build();
        using var metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(PurseTelemetry.Name)
            .AddInMemoryExporter(metrics)
            .Build();
        using var harness = new FacadeHarness();
        var answers = 0;
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ =>
                ++answers == 1
                    ? FacadeHarness.Json(HttpStatusCode.ServiceUnavailable, "{}")
                    : FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson)
            );
        harness
            .Mock.When(HttpMethod.Post, PaymentUrl + "/captures")
            .Respond(HttpStatusCode.BadRequest, "application/problem+json", """{"title":"too much"}""");

        await harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId));
        await FacadeHarness.ThrowsAsync<PurseValidationException>(() =>
            harness.Client.Payments.CaptureAsync(
                FacadeSamples.PaymentId,
                Money.FromMinorUnits(100, Purse.Models.Currency.Eur)
            )
        );
        await FacadeHarness.ThrowsAsync<PurseRedirectionDataException>(() =>
            harness.Client.Redirection.VerifyAsync("not-a-token")
        );
        tracing.ForceFlush();
        metering.ForceFlush();

        var get = spans.Single(s => s.DisplayName == "GET payment/v2/payments/{id}");
        var capture = spans.Single(s => s.DisplayName == "POST payment/v2/payments/{id}/captures");
        var token = spans.Single(s => s.DisplayName == "POST oauth/token");
        Assert.Multiple(() =>
        {
            Assert.That(get.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(get.GetTagItem("http.request.method"), Is.EqualTo("GET"));
            Assert.That(get.GetTagItem("url.template"), Is.EqualTo("/payment/v2/payments/{id}"));
            Assert.That(get.GetTagItem("server.address"), Is.EqualTo("api.purse.test"));
            Assert.That(get.GetTagItem("http.response.status_code"), Is.EqualTo(200));
            Assert.That(get.GetTagItem("purse.operation"), Is.EqualTo("GET payment/v2/payments/{id}"));
            Assert.That(get.GetTagItem("purse.resource.id"), Is.EqualTo(FacadeSamples.PaymentId));
            Assert.That(get.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(
                get.Events.Select(e => e.Name),
                Is.EqualTo(new[] { "purse.retry" }),
                "the retry is visible on the span"
            );
            Assert.That(
                get.Events.Single().Tags.First(t => t.Key == "http.response.status_code").Value,
                Is.EqualTo(503)
            );

            Assert.That(capture.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(capture.GetTagItem("error.type"), Is.EqualTo(typeof(PurseValidationException).FullName));
            Assert.That(capture.GetTagItem("http.response.status_code"), Is.EqualTo(400));

            Assert.That(token.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(token.GetTagItem("server.address"), Is.EqualTo("api.purse.test"));
        });

        Assert.Multiple(() =>
        {
            Assert.That(
                Points(metrics, "purse.client.operation.duration"),
                Is.EquivalentTo(
                    new[]
                    {
                        "purse.operation=GET payment/v2/payments/{id},purse.outcome=success:1",
                        "purse.operation=POST "
                            + "payment/v2/payments/{id}/captures,purse.outcome=PurseValidationException:1",
                    }
                )
            );
            Assert.That(
                Points(metrics, "purse.client.token.requests"),
                Is.EqualTo(new[] { "purse.outcome=success:1" })
            );
            Assert.That(
                Points(metrics, "purse.client.retries"),
                Is.EqualTo(new[] { "purse.operation=GET payment/v2/payments/{id}:1" })
            );
            Assert.That(
                Points(metrics, "purse.client.redirection.verifications"),
                Is.EqualTo(new[] { "purse.outcome=Malformed:1" })
            );
        });

        var tagValues = spans
            .SelectMany(s =>
                s.TagObjects.Concat(s.Events.SelectMany(e => e.Tags)).Select(t => $"{s.DisplayName} {t.Key}={t.Value}")
            )
            .Concat(metrics.SelectMany(m => Points(m)))
            .ToList();
        Assert.That(tagValues, Is.Not.Empty);
        foreach (var secret in SecretLeakGuard.Secrets.Append(SecretLeakGuard.ClientId))
        {
            Assert.That(
                tagValues.Where(v => v.Contains(secret, StringComparison.OrdinalIgnoreCase)),
                Is.Empty,
                "no secret in a tag"
            );
        }
    }

    [Test]
    public async Task Signing_key_fetches_are_counted_by_outcome()
    {
        var metrics = new List<Metric>();
        using var metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(PurseTelemetry.Name)
            .AddInMemoryExporter(metrics)
            .Build();
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness.Mock.When(HttpMethod.Get, "*/payment/v2/signing-jwks").Respond(HttpStatusCode.ServiceUnavailable);

        await FacadeHarness.ThrowsAsync<PurseServerException>(() =>
            harness.Services.GetService(typeof(IJwksFetcher)) is IJwksFetcher fetcher
                ? fetcher.FetchAsync(CancellationToken.None)
                : Task.CompletedTask
        );
        metering.ForceFlush();

        Assert.That(
            Points(metrics, "purse.client.jwks.fetches"),
            Is.EqualTo(new[] { "purse.outcome=PurseServerException:1" })
        );
    }

    private static IEnumerable<string> Points(List<Metric> metrics, string name) =>
        metrics.Where(m => m.Name == name).SelectMany(m => Points(m)).Distinct();

    private static IEnumerable<string> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new List<string>();
            foreach (var tag in point.Tags)
            {
                tags.Add($"{tag.Key}={tag.Value}");
            }
            var value = metric.MetricType == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong();
            yield return $"{string.Join(",", tags.Order(StringComparer.Ordinal))}:{value}";
        }
    }
}
