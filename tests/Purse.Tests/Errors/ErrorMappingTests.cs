using System.Net;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Errors;

public sealed class ErrorMappingTests
{
    private static readonly string CaptureUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}/captures";
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    private static Task Capture(FacadeHarness harness) =>
        harness.Client.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(500, Currency.Eur));

    /// <summary>
    /// A capture sent once (no retries, so the fake clock need not move), failing with <typeparamref name="T"/> as
    /// mapped from Purse's answer: after a 5xx or an unreadable answer, the capture's outcome is unknown, and the
    /// mapped
    /// error is the cause the <see cref="PurseOutcomeUnknownException"/> carries.
    /// </summary>
    private static async Task<T> CaptureFailsWith<T>(FacadeHarness harness)
        where T : Exception
    {
        var error = await FacadeHarness.ThrowsAsync<PurseException>(() => Capture(harness));
        if (error is PurseOutcomeUnknownException unknown)
        {
            Assert.That(unknown.Outcome, Is.EqualTo(PurseOutcome.Unknown));
            Assert.That(
                unknown.Message,
                Does.Contain(unknown.IdempotencyKey),
                "the message says which key resumes the capture"
            );
            Assert.That(unknown.InnerException, Is.InstanceOf<T>());
            return (T)unknown.InnerException!;
        }
        Assert.That(error, Is.InstanceOf<T>());
        Assert.That(
            error.Outcome,
            Is.Not.EqualTo(PurseOutcome.Unknown),
            "only PurseOutcomeUnknownException says money may have moved"
        );
        return (T)(Exception)error;
    }

    private static FacadeHarness SendOnce() => new(o => o.Resilience.MaxRetryAttempts = 0);

    private static IEnumerable<TestCaseData> Statuses()
    {
        yield return new TestCaseData(400, "BadRequest", typeof(PurseValidationException)).SetName(
            "400 is a validation error"
        );
        yield return new TestCaseData(401, "Unauthorized", typeof(PurseAuthenticationException)).SetName(
            "401 is an authentication error"
        );
        yield return new TestCaseData(403, "Forbidden", typeof(PurseAuthenticationException)).SetName(
            "403 is an authentication error"
        );
        yield return new TestCaseData(404, "NotFound", typeof(PurseNotFoundException)).SetName("404 is not found");
        yield return new TestCaseData(409, null, typeof(PurseConflictException)).SetName("409 is a conflict");
        yield return new TestCaseData(422, null, typeof(PurseValidationException)).SetName("422 is a validation error");
        yield return new TestCaseData(429, "TooManyRequests", typeof(PurseRateLimitedException)).SetName(
            "429 is rate limited"
        );
        yield return new TestCaseData(500, "InternalServerError", typeof(PurseServerException)).SetName(
            "500 is a server error"
        );
        yield return new TestCaseData(502, "BadGateway", typeof(PurseServerException)).SetName("502 is a server error");
        yield return new TestCaseData(504, "GatewayTimeout", typeof(PurseServerException)).SetName(
            "504 is a server error"
        );
        yield return new TestCaseData(418, null, typeof(PurseApiException)).SetName(
            "another status is a plain API error"
        );
    }

    [TestCaseSource(nameof(Statuses))]
    public async Task Each_error_status_maps_to_its_type_with_the_problem_details(
        int status,
        string? specResponse,
        Type expected
    )
    {
        using var harness = SendOnce();
        var body = specResponse is null
            ? $$"""
                {"type":"https://purse.example/problems/{{status}}","title":"Problem {{status}}","status":{{status}},
                  "detail":"Detail of {{status}}.","errors":[{"detail":"is wrong","pointer":"/amount"}]}
                """
            : FacadeSamples.ErrorExample(specResponse);
        var problem = Newtonsoft.Json.Linq.JObject.Parse(body);
        harness
            .Mock.When(HttpMethod.Post, CaptureUrl)
            .Respond(_ =>
            {
                var response = FacadeHarness.Json((HttpStatusCode)status, body, "application/problem+json");
                response.Headers.Add("x-request-id", "req-42");
                response.Headers.TryAddWithoutValidation("Retry-After", "30");
                return response;
            });

        var error = await CaptureFailsWith<PurseApiException>(harness);

        Assert.Multiple(() =>
        {
            Assert.That(error.GetType(), Is.EqualTo(expected));
            Assert.That(error.Outcome, Is.EqualTo(status >= 500 ? PurseOutcome.Unknown : PurseOutcome.Refused));
            Assert.That(error.StatusCode, Is.EqualTo((HttpStatusCode)status));
            Assert.That(error.RequestId, Is.EqualTo("req-42"));
            Assert.That(error.Problem, Is.Not.Null);
            Assert.That(error.Problem!.Type, Is.EqualTo((string?)problem["type"]));
            Assert.That(error.Problem.Title, Is.EqualTo((string?)problem["title"]));
            Assert.That(error.Problem.Detail, Is.EqualTo((string?)problem["detail"]));
            Assert.That(
                error.Problem.Errors?.Select(e => e.Pointer),
                Is.EqualTo(problem["errors"]?.Select(e => (string?)e["pointer"]))
            );
            Assert.That(
                error.Message,
                Does.Contain($"{status}")
                    .And.Contain("POST payment/v2/payments/{id}/captures")
                    .And.Contain((string?)problem["detail"])
            );
            Assert.That(error.Message, Does.Contain("req-42"));
            Assert.That(
                error.Message,
                Does.Not.Contain(".."),
                "one period ends a sentence, also after a problem's own"
            );
            Assert.That(error.InnerException, Is.Null, "the generated RawApiException never escapes");
        });
        if (error is PurseRateLimitedException limited)
        {
            Assert.That(limited.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
        }
    }

    private static IEnumerable<TestCaseData> RateLimitedCalls()
    {
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(
                c => c.Payments.CreateAsync(FacadeSamples.Request<CreatePaymentRequest>("createPayment"))
            ),
            FacadeHarness.BaseAddress + "payment/v2/payments",
            1,
            "Purse asks to wait 1 s (Retry-After); this operation is not retried (Resilience.RetryCreatesAndAbort)."
        ).SetName("A create, which is not retried");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(
                c => c.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(500, Currency.Eur))
            ),
            CaptureUrl,
            1,
            "Purse asks to wait 1 s (Retry-After); the client's retries were spent, or the wait did not fit in the "
                + "time left of Resilience.TotalTimeout."
        ).SetName("A capture whose retries are spent");
        yield return new TestCaseData(
            (Func<IPurseClient, Task>)(
                c => c.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(500, Currency.Eur))
            ),
            CaptureUrl,
            120,
            "Purse asks to wait 120 s (Retry-After); that is longer than the client waits (Resilience.MaxRetryDelay, "
                + "30 s)."
        ).SetName("A capture asked to wait longer than MaxRetryDelay");
    }

    /// <summary>Issue 22: a 429 said "1 s … longer than the client waits" whatever the reason the client did not
    /// wait.</summary>
    [TestCaseSource(nameof(RateLimitedCalls))]
    public async Task A_429_says_why_the_client_did_not_wait(
        Func<IPurseClient, Task> call,
        string url,
        int retryAfter,
        string why
    )
    {
        using var harness = SendOnce();
        harness
            .Mock.When(HttpMethod.Post, url)
            .Respond(_ =>
            {
                var response = FacadeHarness.Json(
                    HttpStatusCode.TooManyRequests,
                    FacadeSamples.ErrorExample("TooManyRequests"),
                    "application/problem+json"
                );
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(
                    TimeSpan.FromSeconds(retryAfter)
                );
                return response;
            });

        var error = await FacadeHarness.ThrowsAsync<PurseRateLimitedException>(() => call(harness.Client));

        Assert.That(error.Message, Does.EndWith(why));
        Assert.That(error.Message, Does.Not.Contain(".."));
    }

    [Test]
    public async Task Validation_errors_list_the_offending_fields_in_the_message()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, CaptureUrl)
            .Respond(HttpStatusCode.BadRequest, "application/problem+json", FacadeSamples.ErrorExample("BadRequest"));

        var error = await CaptureFailsWith<PurseValidationException>(harness);

        Assert.That(error.Message, Does.Contain("/amount must have required property 'amount'"));
    }

    [TestCase(500, "text/html")]
    [TestCase(404, "text/html")]
    [TestCase(400, "text/plain")]
    public async Task An_html_error_page_still_gives_a_typed_error_with_a_bounded_excerpt(int status, string mediaType)
    {
        using var harness = SendOnce();
        var page = "<html><head><title>Gateway</title></head><body>" + new string('x', 10_000) + "</body></html>";
        harness.Mock.When(HttpMethod.Post, CaptureUrl).Respond((HttpStatusCode)status, mediaType, page);

        var error = await CaptureFailsWith<PurseApiException>(harness);

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo((HttpStatusCode)status));
            Assert.That(error.Problem, Is.Null);
            Assert.That(error.Response.BodyExcerpt, Does.StartWith("<html><head><title>Gateway"));
            Assert.That(error.Response.BodyExcerpt!.Length, Is.LessThanOrEqualTo(513));
            Assert.That(error.Message, Does.Contain("not problem details"));
            Assert.That(error.Message.Length, Is.LessThan(400), "the body is not pasted into the message");
        });
    }

    [TestCase(500)]
    [TestCase(404)]
    [TestCase(403)]
    public async Task An_empty_error_body_still_gives_a_typed_error(int status)
    {
        using var harness = SendOnce();
        harness.Mock.When(HttpMethod.Post, CaptureUrl).Respond((HttpStatusCode)status);

        var error = await CaptureFailsWith<PurseApiException>(harness);

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo((HttpStatusCode)status));
            Assert.That(error.Problem, Is.Null);
            Assert.That(error.Response.BodyExcerpt, Is.Null);
            Assert.That(error.Message, Does.Contain("empty body"));
        });
    }

    [TestCase(HttpStatusCode.OK)]
    [TestCase(HttpStatusCode.BadRequest)]
    public async Task A_body_in_an_unknown_charset_is_a_typed_error(HttpStatusCode status)
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ =>
            {
                var response = FacadeHarness.Json(
                    status,
                    status == HttpStatusCode.OK ? FacadeSamples.PaymentJson : """{"title":"bad"}"""
                );
                response.Content.Headers.ContentType!.CharSet = "utf-99";
                return response;
            });

        await FacadeHarness.ThrowsAsync<PurseException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None)
        );
    }

    [Test]
    public async Task A_problem_with_wrongly_typed_fields_keeps_what_it_can()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, CaptureUrl)
            .Respond(
                HttpStatusCode.Conflict,
                "application/problem+json",
                """{"title":"Conflict","status":"409","detail":42,"errors":"nope"}"""
            );

        var error = await CaptureFailsWith<PurseConflictException>(harness);

        Assert.That(error.Problem?.Title, Is.EqualTo("Conflict"));
        Assert.That(error.Problem?.Detail, Is.Null);
    }

    [Test]
    public async Task An_echoed_api_key_is_masked_in_the_excerpt()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, CaptureUrl)
            .Respond(HttpStatusCode.Forbidden, "text/plain", $"key {SecretLeakGuard.ApiKey} is not allowed");

        var error = await CaptureFailsWith<PurseAuthenticationException>(harness);

        Assert.That(error.Response.BodyExcerpt, Is.EqualTo("key *** is not allowed"));
    }

    [Test]
    public async Task A_success_status_other_than_the_spec_lists_is_still_success()
    {
        using var harness = new FacadeHarness();
        // The spec says 201 for a capture; 200 and 202 must work too.
        var statuses = new Queue<HttpStatusCode>([HttpStatusCode.OK, HttpStatusCode.Accepted]);
        harness
            .Mock.When(HttpMethod.Post, CaptureUrl)
            .Respond(_ => FacadeHarness.Json(statuses.Dequeue(), FacadeSamples.PaymentJson));

        var first = await harness.Client.Payments.CaptureAsync(
            FacadeSamples.PaymentId,
            Money.FromMinorUnits(500, Currency.Eur)
        );
        var second = await harness.Client.Payments.CaptureAsync(
            FacadeSamples.PaymentId,
            Money.FromMinorUnits(500, Currency.Eur)
        );

        Assert.That(first.Id, Is.EqualTo(FacadeSamples.PaymentId));
        Assert.That(second.Id, Is.EqualTo(FacadeSamples.PaymentId));
    }

    private static IEnumerable<TestCaseData> UnreadableBodies()
    {
        yield return new TestCaseData(HttpStatusCode.Created, """{"id": "e3a6516b""").SetName("Truncated JSON");
        yield return new TestCaseData(HttpStatusCode.Created, """{"amount": 100}""").SetName("Missing required id");
        yield return new TestCaseData(HttpStatusCode.Created, """{"id": 12}""").SetName("Id of the wrong type");
        yield return new TestCaseData(HttpStatusCode.Created, "null").SetName("JSON null");
        yield return new TestCaseData(HttpStatusCode.Created, "").SetName("Empty body");
        yield return new TestCaseData(HttpStatusCode.Created, "<html>ok</html>").SetName("HTML with 201");
        yield return new TestCaseData(HttpStatusCode.OK, "[1,2]").SetName("An array with an unlisted 200");
    }

    [TestCaseSource(nameof(UnreadableBodies))]
    public async Task An_unreadable_success_body_gives_a_response_error(HttpStatusCode status, string body)
    {
        using var harness = SendOnce();
        harness.Mock.When(HttpMethod.Post, CaptureUrl).Respond(_ => FacadeHarness.Json(status, body));

        // Purse accepted the capture: its outcome is unknown, the unreadable answer is the cause.
        var error = await CaptureFailsWith<PurseResponseException>(harness);

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.BodyExcerpt, Is.EqualTo(string.IsNullOrWhiteSpace(body) ? null : body));
            Assert.That(error.Message, Does.Contain("cannot be read"));
            Assert.That(error.InnerException, Is.Null);
        });
    }

    [TestCaseSource(nameof(UnreadableBodies))]
    public async Task An_unreadable_success_body_of_a_read_gives_a_response_error(HttpStatusCode status, string body)
    {
        using var harness = SendOnce();
        harness
            .Mock.When(HttpMethod.Get, FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}")
            .Respond(_ =>
                FacadeHarness.Json(status == HttpStatusCode.Created ? HttpStatusCode.OK : HttpStatusCode.Accepted, body)
            );

        var error = await FacadeHarness.ThrowsAsync<PurseResponseException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(error.Message, Does.Contain("cannot be read").And.Contain("GET payment/v2/payments/{id}"));
    }

    [Test]
    public async Task A_network_failure_on_a_read_gives_a_connection_error_after_the_retries()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 1);
        harness.Mock.When("*/payment/*").Throw(new HttpRequestException("Name does not resolve", null, null));

        var error = await FacadeHarness.ThrowsAsync<PurseConnectionException>(() =>
            harness.AdvancingTimeAsync(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId))
        );

        Assert.That(error.IsTimeout, Is.False);
        Assert.That(error.Message, Does.Contain("could not be reached for GET payment/v2/payments/{id}"));
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task An_error_page_in_an_unknown_charset_keeps_its_status_and_a_503_is_retried()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 1);
        var answers = new Queue<Func<HttpResponseMessage>>([
            () =>
            {
                var page = FacadeHarness.Json(HttpStatusCode.ServiceUnavailable, "<html>busy</html>", "text/html");
                page.Content.Headers.ContentType!.CharSet = "windows-1252";
                return page;
            },
            () => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson),
        ]);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => answers.Dequeue()());

        var payment = await harness.AdvancingTimeAsync(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None)
        );

        Assert.Multiple(() =>
        {
            Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
            Assert.That(harness.ApiRequests.Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_conflict_page_in_an_unknown_charset_is_still_a_conflict()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, PaymentUrl + "/captures")
            .Respond(_ =>
            {
                var page = FacadeHarness.Json(HttpStatusCode.Conflict, "<html>conflict</html>", "text/html");
                page.Content.Headers.ContentType!.CharSet = "windows-1252";
                return page;
            });

        await FacadeHarness.ThrowsAsync<PurseConflictException>(() =>
            harness.Client.Payments.CaptureAsync(
                FacadeSamples.PaymentId,
                Money.FromMinorUnits(100, Currency.Eur),
                CancellationToken.None
            )
        );
    }
}
