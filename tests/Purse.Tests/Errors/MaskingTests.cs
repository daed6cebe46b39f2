using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Errors;

/// <summary>
/// Every server value that can surface is masked: a server that echoes the API key or the access
/// token, in headers, in problem fields, JSON-escaped or percent-encoded, does not get it into
/// messages, ToString(), properties or logs.
/// </summary>
public sealed class MaskingTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [TestCase("x-request-id", "api key")]
    [TestCase("x-request-id", "token")]
    [TestCase("traceparent", "token")]
    [TestCase("x-correlation-id", "secret")]
    public async Task A_secret_echoed_in_a_request_id_header_is_masked(string header, string which)
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(request =>
            {
                var response = FacadeHarness.Json(
                    HttpStatusCode.NotFound,
                    FacadeSamples.ErrorExample("NotFound"),
                    "application/problem+json"
                );
                response.Headers.TryAddWithoutValidation(header, $"req-{Echo(request, which)}-1");
                return response;
            });

        var error = await FacadeHarness.ThrowsAsync<PurseNotFoundException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        AssertNothingLeaks(error);
        Assert.That(error.RequestId, Does.StartWith("req-***"), "the rest of the id is kept");
    }

    [TestCase("json-escaped")]
    [TestCase("percent-encoded")]
    [TestCase("plain")]
    public async Task A_secret_echoed_in_a_problem_body_is_masked_in_every_form(string form)
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(request =>
            {
                var token = Encode(request.Headers.Authorization!.Parameter!, form);
                var key = Encode(SecretLeakGuard.ApiKey, form);
                return FacadeHarness.Json(
                    HttpStatusCode.BadRequest,
                    $$"""
                    {"title":"bad token {{token}}","detail":"key {{key}} refused","errors":[{"pointer":"/{{key}}",
                      "detail":"token {{token}}"}]}
                    """,
                    "application/problem+json"
                );
            });

        var error = await FacadeHarness.ThrowsAsync<PurseValidationException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        AssertNothingLeaks(error);
        Assert.That(error.Problem?.Detail, Does.Contain("refused"), "the rest of the problem is kept");
    }

    [Test]
    public async Task A_token_read_from_a_shared_cache_is_masked_when_echoed()
    {
        var shared = new PurseAccessToken(
            "at-LEAKCHECK-shared-0123456789",
            FacadeHarness.Start,
            FacadeHarness.Start.AddHours(1)
        );
        using var harness = new FacadeHarness(configureServices: s =>
            s.AddSingleton<IPurseTokenCache>(new FixedCache(shared))
        );
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(request =>
                FacadeHarness.Json(
                    HttpStatusCode.Forbidden,
                    $$"""{"detail":"token {{request.Headers.Authorization}} lacks scope"}""",
                    "application/problem+json"
                )
            );

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(error.ToString(), Does.Not.Contain("shared-0123456789"));
    }

    [Test]
    public async Task A_secret_echoed_with_json_escaped_solidus_is_masked()
    {
        using var harness = new FacadeHarness(o => o.ApiKey = "api-key/Q1w2+E3r4T5y6");
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(
                HttpStatusCode.NotFound,
                "application/problem+json",
                """{"detail":"unknown key api-key\/Q1w2+E3r4T5y6"}"""
            );

        var error = await FacadeHarness.ThrowsAsync<PurseNotFoundException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(error.Response.BodyExcerpt + error.Message + error.Problem?.Detail, Does.Not.Contain("Q1w2"));
    }

    [Test]
    public async Task The_basic_credentials_as_sent_are_masked_when_echoed_and_the_description_is_bounded()
    {
        using var harness = new FacadeHarness(
            o => o.ClientSecret = "cs-LEAKCHECK/et+Value/ABCDEF==",
            defaultTokenEndpoint: false
        );
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(request =>
                FacadeHarness.Json(
                    HttpStatusCode.BadRequest,
                    $$"""
                    {"error":"invalid_client",
                     "error_description":"bad credentials in '{{request.Headers.Authorization}}'\r\nInjected: log line{{
                        new string('x', 5000)
                    }}"}
                    """
                )
            );

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Not.Contain("Basic Y"));
            Assert.That(
                error.Message,
                Does.Not.Contain("\n"),
                "no line break from the server in the message (nor in the log line)"
            );
            Assert.That(error.Message.Length, Is.LessThan(1_000));
        });
    }

    private static string Echo(HttpRequestMessage request, string which) =>
        which switch
        {
            "api key" => SecretLeakGuard.ApiKey,
            "token" => request.Headers.Authorization!.Parameter!,
            _ => SecretLeakGuard.ClientSecret,
        };

    private static string Encode(string secret, string form) =>
        form switch
        {
            "json-escaped" => secret
                .Replace("-", "\\u002d", StringComparison.Ordinal)
                .Replace("C", "\\u0043", StringComparison.Ordinal),
            "percent-encoded" => secret
                .Replace("-", "%2D", StringComparison.Ordinal)
                .Replace("K", "%4b", StringComparison.Ordinal),
            _ => secret,
        };

    private static void AssertNothingLeaks(PurseApiException error)
    {
        var surfaces = new Dictionary<string, string?>
        {
            ["Message"] = error.Message,
            ["ToString()"] = error.ToString(),
            ["RequestId"] = error.RequestId,
            ["BodyExcerpt"] = error.Response.BodyExcerpt,
            ["Problem.Title"] = error.Problem?.Title,
            ["Problem.Detail"] = error.Problem?.Detail,
            ["Problem.Errors"] = string.Join(" ", error.Problem?.Errors?.Select(e => $"{e.Pointer} {e.Detail}") ?? []),
            ["Response"] = error.Response.ToString(),
        };
        Assert.Multiple(() =>
        {
            foreach (var (name, text) in surfaces)
            {
                foreach (var secret in SecretLeakGuard.Secrets)
                {
                    Assert.That(text ?? "", Does.Not.Contain(secret).IgnoreCase, $"{name} shows a secret");
                }
            }
        });
    }

    private sealed class FixedCache(PurseAccessToken token) : IPurseTokenCache
    {
        public ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken) => new(token);

        public ValueTask SetAsync(PurseAccessToken value, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;

        public ValueTask RemoveAsync(PurseAccessToken value, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }

    [Test]
    public async Task An_unreadable_success_body_is_described_in_a_bounded_message()
    {
        // Newtonsoft's error names the JSON path, made of the body's own property names: server text.
        using var harness = new FacadeHarness();
        var name = new string('A', 1_000_000);
        harness
            .Mock.When(HttpMethod.Post, PaymentUrl + "/captures")
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.Created, "{\"" + name + "\": nope}"));
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, "{\"" + name + "\": nope}"));

        var capture = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.Client.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(100, Currency.Eur))
        );
        var read = await FacadeHarness.ThrowsAsync<PurseResponseException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(capture.Message, Has.Length.LessThan(4_000));
        Assert.That(read.Message, Has.Length.LessThan(4_000));
    }

    [Test]
    public async Task An_unreadable_body_cannot_put_a_line_break_in_a_message_by_encoding_a_secret()
    {
        // Masking decodes a percent-encoded secret to find it; the decoded text must not bring %0D%0A as a real break.
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        var encodedKey = string.Concat(SecretLeakGuard.ApiKey.Select(c => $"%{(int)c:X2}"));
        var name = "x%0D%0A2026-01-01 INFO Capture of payment succeeded%0D%0A" + encodedKey;
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, "{\"" + name + "\": nope}"));

        var error = await FacadeHarness.ThrowsAsync<PurseResponseException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(error.Message, Does.Not.Contain("\r").And.Not.Contain("\n"));
        Assert.That(error.Message, Does.Not.Contain(SecretLeakGuard.ApiKey));
    }

    [Test]
    public async Task A_unicode_line_separator_or_direction_override_from_Purse_does_not_reach_a_message()
    {
        // U+2028 breaks lines in JavaScript-based log viewers; U+202E reverses the text that follows it.
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, PaymentUrl + "/captures")
            .Respond(_ =>
                FacadeHarness.Json(
                    HttpStatusCode.BadRequest,
                    """{"title":"Invalid","detail":"amount\u2028FAKE: capture succeeded \u202Edesrever"}""",
                    "application/problem+json"
                )
            );

        var error = await FacadeHarness.ThrowsAsync<PurseValidationException>(() =>
            harness.Client.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(100, Currency.Eur))
        );

        // Compared character by character: a culture-aware search ignores format characters such as U+202E.
        Assert.That(error.Message, Does.Contain("FAKE"));
        Assert.That(error.Message.Where(c => c is '\u2028' or '\u202E'), Is.Empty);
    }
}
