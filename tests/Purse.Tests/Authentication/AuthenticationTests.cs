using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Authentication;

public sealed class AuthenticationTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [Test]
    public async Task Every_api_call_carries_the_bearer_token_and_the_api_key()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, "*/payment/v2/client-sessions")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.Example("createClientSession"));
        // The session read is the one asked for (the client checks the id it gets back).
        harness
            .Mock.When(HttpMethod.Get, "*/payment/v2/client-sessions/*")
            .Respond(
                "application/json",
                FacadeSamples.WithId(FacadeSamples.Example("getClientSession"), FacadeSamples.PaymentId)
            );
        harness
            .Mock.When(HttpMethod.Post, "*/payment/v2/client-sessions/*/abort")
            .Respond("application/json", FacadeSamples.Example("abortClientSession"));
        harness
            .Mock.When(HttpMethod.Post, "*/payment/v2/payments")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.PaymentJson);
        harness
            .Mock.When(HttpMethod.Get, "*/payment/v2/payments/*")
            .Respond("application/json", FacadeSamples.PaymentJson);
        harness
            .Mock.When(HttpMethod.Post, "*/payment/v2/payments/*/*")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.PaymentJson);
        harness
            .Mock.When(HttpMethod.Post, "*/payment/v2/payment-links")
            .Respond(HttpStatusCode.Created, "application/json", FacadeSamples.Example("createPaymentLink"));
        harness
            .Mock.When(HttpMethod.Get, "*/payment/v2/payment-links/*")
            .Respond(
                "application/json",
                FacadeSamples.WithId(FacadeSamples.Example("getPaymentLink"), FacadeSamples.PaymentId)
            );
        harness
            .Mock.When(HttpMethod.Get, "*/payment/v2/signing-jwks")
            .Respond("application/json", FacadeSamples.Example("getSigningJwks"));
        harness
            .Mock.When(HttpMethod.Post, "*/payment/v2/eligible-solutions")
            .Respond("application/json", FacadeSamples.Example("checkEligibleSolutions"));

        var client = harness.Client;
        var id = FacadeSamples.PaymentId;
        var eur = Money.FromMinorUnits(100, Currency.Eur);
        await client.ClientSessions.CreateAsync(
            FacadeSamples.Request<CreateClientSessionRequest>("createClientSession")
        );
        await client.ClientSessions.GetAsync(id);
        await client.ClientSessions.AbortAsync(id);
        await client.Payments.CreateAsync(FacadeSamples.Request<CreatePaymentRequest>("createPayment"));
        await client.Payments.GetAsync(id);
        await client.Payments.CaptureAsync(id, eur);
        await client.Payments.RefundAsync(id, eur);
        await client.Payments.VoidAsync(id, eur);
        await client.PaymentLinks.CreateAsync(FacadeSamples.Request<CreatePaymentLinkRequest>("createPaymentLink"));
        await client.PaymentLinks.GetAsync(id);
        await client.EligibleSolutions.CheckAsync(
            FacadeSamples.Request<EligibleSolutionsRequest>("checkEligibleSolutions")
        );
        await harness.Services.GetRequiredService<IJwksFetcher>().FetchAsync(CancellationToken.None);

        var api = harness.ApiRequests.ToList();
        Assert.That(
            api.Select(r => $"{r.Method} {r.Uri.AbsolutePath}"),
            Is.EqualTo(
                new[]
                {
                    "POST /payment/v2/client-sessions",
                    $"GET /payment/v2/client-sessions/{id}",
                    $"POST /payment/v2/client-sessions/{id}/abort",
                    "POST /payment/v2/payments",
                    $"GET /payment/v2/payments/{id}",
                    $"POST /payment/v2/payments/{id}/captures",
                    $"POST /payment/v2/payments/{id}/refunds",
                    $"POST /payment/v2/payments/{id}/voids",
                    "POST /payment/v2/payment-links",
                    $"GET /payment/v2/payment-links/{id}",
                    "POST /payment/v2/eligible-solutions",
                    "GET /payment/v2/signing-jwks",
                }
            )
        );
        Assert.Multiple(() =>
        {
            foreach (var request in api)
            {
                Assert.That(
                    request.Headers["Authorization"],
                    Is.EqualTo("Bearer " + SecretLeakGuard.Token(1)),
                    request.Uri.ToString()
                );
                Assert.That(request.Headers["x-api-key"], Is.EqualTo(SecretLeakGuard.ApiKey), request.Uri.ToString());
            }
            Assert.That(harness.TokensIssued, Is.EqualTo(1), "one token serves every call");
        });
    }

    [Test]
    public async Task The_api_key_is_sent_once_even_when_the_application_set_one_on_the_client()
    {
        using var harness = new FacadeHarness(configureServices: services =>
            services
                .AddHttpClient(PurseHttpClients.Api)
                .ConfigureHttpClient(http =>
                    http.DefaultRequestHeaders.TryAddWithoutValidation("x-api-key", "stale-key")
                )
        );
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));

        await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None);

        Assert.That(harness.ApiRequests.Single().Headers["x-api-key"], Is.EqualTo(SecretLeakGuard.ApiKey));
    }

    [Test]
    public async Task The_token_request_is_client_credentials_with_the_id_and_secret_in_a_basic_header()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);

        var token = harness.TokenRequests.Single();
        var basic = Encoding.UTF8.GetString(
            Convert.FromBase64String(token.Headers["Authorization"]["Basic ".Length..])
        );
        Assert.Multiple(() =>
        {
            Assert.That(token.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(token.Headers["Authorization"], Does.StartWith("Basic "));
            Assert.That(basic, Is.EqualTo($"{SecretLeakGuard.ClientId}:{SecretLeakGuard.ClientSecret}"));
            Assert.That(token.ContentType, Is.EqualTo("application/x-www-form-urlencoded"));
            Assert.That(token.Body, Is.EqualTo("grant_type=client_credentials"));
            Assert.That(token.Headers.ContainsKey("x-api-key"), Is.False, "the API key is for API calls only");
        });
    }

    [Test]
    public async Task The_token_is_reused_until_the_margin_before_expiry_then_renewed()
    {
        using var harness = new FacadeHarness(o => o.TokenRefreshMargin = TimeSpan.FromMinutes(5));
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);
        var payments = harness.Client.Payments;

        await payments.GetAsync(FacadeSamples.PaymentId);
        await payments.GetAsync(FacadeSamples.PaymentId);
        harness.Time.Advance(TimeSpan.FromSeconds(3600 - 300 - 1));
        await payments.GetAsync(FacadeSamples.PaymentId);
        Assert.That(harness.TokensIssued, Is.EqualTo(1), "still outside the margin: reused");

        harness.Time.Advance(TimeSpan.FromSeconds(2));
        await payments.GetAsync(FacadeSamples.PaymentId);
        await payments.GetAsync(FacadeSamples.PaymentId);

        Assert.Multiple(() =>
        {
            Assert.That(harness.TokensIssued, Is.EqualTo(2), "inside the margin: renewed once");
            Assert.That(
                harness.ApiRequests.Select(r => r.Headers["Authorization"]),
                Is.EqualTo(
                    new[]
                    {
                        "Bearer " + SecretLeakGuard.Token(1),
                        "Bearer " + SecretLeakGuard.Token(1),
                        "Bearer " + SecretLeakGuard.Token(1),
                        "Bearer " + SecretLeakGuard.Token(2),
                        "Bearer " + SecretLeakGuard.Token(2),
                    }
                )
            );
        });
    }

    [Test]
    public async Task A_short_lived_token_is_used_for_half_its_lifetime_rather_than_never()
    {
        using var harness = new FacadeHarness(defaultTokenEndpoint: false);
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(_ => harness.IssueToken(expiresIn: 120));
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        harness.Time.Advance(TimeSpan.FromSeconds(59));
        await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        Assert.That(harness.TokensIssued, Is.EqualTo(1));
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        Assert.That(harness.TokensIssued, Is.EqualTo(2));
    }

    [Test]
    public async Task A_thousand_concurrent_cold_calls_make_exactly_one_token_request()
    {
        using var harness = new FacadeHarness(defaultTokenEndpoint: false);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(async () =>
            {
                await release.Task;
                return harness.IssueToken();
            });
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        var calls = Enumerable
            .Range(0, 1000)
            .Select(_ => Task.Run(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)))
            .ToList();
        // Let the calls pile up behind the one token request, then answer it.
        for (var i = 0; i < 200 && harness.TokenRequests.Count() == 0; i++)
        {
            await Task.Delay(10);
        }
        await Task.Delay(100);
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.Multiple(() =>
        {
            Assert.That(harness.TokenRequests.Count(), Is.EqualTo(1));
            Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1000));
            Assert.That(
                harness.ApiRequests.Select(r => r.Headers["Authorization"]).Distinct(),
                Is.EqualTo(new[] { "Bearer " + SecretLeakGuard.Token(1) })
            );
        });
    }

    [Test]
    public async Task A_401_drops_the_token_and_retries_once_with_a_fresh_one()
    {
        using var harness = new FacadeHarness();
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.Unauthorized, HttpStatusCode.Created]);
        harness
            .Mock.When(HttpMethod.Post, PaymentUrl + "/captures")
            .Respond(_ =>
                FacadeHarness.Json(
                    answers.Dequeue(),
                    answers.Count == 0 ? FacadeSamples.PaymentJson : FacadeSamples.ErrorExample("Unauthorized"),
                    "application/problem+json"
                )
            );

        var payment = await harness.Client.Payments.CaptureAsync(
            FacadeSamples.PaymentId,
            Money.FromMinorUnits(500, Currency.Eur)
        );

        var api = harness.ApiRequests.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
            Assert.That(harness.TokensIssued, Is.EqualTo(2));
            Assert.That(api, Has.Count.EqualTo(2));
            Assert.That(api[0].Headers["Authorization"], Is.EqualTo("Bearer " + SecretLeakGuard.Token(1)));
            Assert.That(api[1].Headers["Authorization"], Is.EqualTo("Bearer " + SecretLeakGuard.Token(2)));
            Assert.That(api[1].Body, Is.EqualTo(api[0].Body), "the same request is sent again");
            Assert.That(api[1].Headers["x-api-key"], Is.EqualTo(SecretLeakGuard.ApiKey));
        });
    }

    [Test]
    public async Task A_second_401_gives_a_typed_error_without_looping()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(
                HttpStatusCode.Unauthorized,
                "application/problem+json",
                FacadeSamples.ErrorExample("Unauthorized")
            );

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.Multiple(() =>
        {
            Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(error.FromTokenEndpoint, Is.False);
            Assert.That(error.Problem?.Detail, Is.EqualTo("The access token is missing or expired."));
            Assert.That(
                harness.ApiRequests.Count(),
                Is.EqualTo(2),
                "one retry, no loop (and 401 is not a transient status)"
            );
            Assert.That(harness.TokensIssued, Is.EqualTo(2));
        });
    }

    private static IEnumerable<TestCaseData> TokenEndpointFailures()
    {
        yield return new TestCaseData(
            HttpStatusCode.InternalServerError,
            "text/html",
            "<html><body>Internal error</body></html>",
            (HttpStatusCode?)HttpStatusCode.InternalServerError
        ).SetName("Token endpoint 500 (HTML)");
        yield return new TestCaseData(
            HttpStatusCode.Unauthorized,
            "application/json",
            """{"error":"invalid_client"}""",
            (HttpStatusCode?)HttpStatusCode.Unauthorized
        ).SetName("Token endpoint refuses the client");
        yield return new TestCaseData(
            HttpStatusCode.OK,
            "application/json",
            """{"access_token": "at-LEAKCHECK-trunc""",
            (HttpStatusCode?)HttpStatusCode.OK
        ).SetName("Token endpoint answers broken JSON");
        yield return new TestCaseData(
            HttpStatusCode.OK,
            "application/json",
            """{"token_type":"Bearer","expires_in":3600}""",
            (HttpStatusCode?)HttpStatusCode.OK
        ).SetName("Token endpoint answers without access_token");
        yield return new TestCaseData(
            HttpStatusCode.OK,
            "text/html",
            "<html>login</html>",
            (HttpStatusCode?)HttpStatusCode.OK
        ).SetName("Token endpoint answers HTML with 200");
    }

    [TestCaseSource(nameof(TokenEndpointFailures))]
    public async Task When_no_token_can_be_had_the_call_fails_typed_and_nothing_is_sent(
        HttpStatusCode status,
        string mediaType,
        string body,
        HttpStatusCode? expectedStatus
    )
    {
        using var harness = new FacadeHarness(defaultTokenEndpoint: false);
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(_ => FacadeHarness.Json(status, body, mediaType));
        harness.Mock.When("*").Respond("application/json", FacadeSamples.PaymentJson);

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.Multiple(() =>
        {
            Assert.That(error.FromTokenEndpoint, Is.True);
            Assert.That(error.StatusCode, Is.EqualTo(expectedStatus));
            Assert.That(error.Message, Does.Contain("No access token could be obtained").And.Contain("not sent"));
            Assert.That(harness.ApiRequests, Is.Empty, "no API request without a token");
        });
    }

    [Test]
    public async Task A_token_endpoint_that_does_not_answer_gives_a_typed_error_after_the_token_timeout()
    {
        using var harness = new FacadeHarness(
            o => o.TokenRequestTimeout = TimeSpan.FromSeconds(10),
            defaultTokenEndpoint: false
        );
        harness.Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri).Respond(new NeverAnswers());

        var call = harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);
        await Task.Delay(50);
        Assert.That(call.IsCompleted, Is.False, "waits for the token endpoint");
        harness.Time.Advance(TimeSpan.FromSeconds(11));
        var error = await FacadeHarness.ThrowsAsync<PurseConnectionException>(() => call);

        Assert.Multiple(() =>
        {
            Assert.That((error.IsTimeout, error.Outcome), Is.EqualTo((true, PurseOutcome.NotSent)));
            Assert.That(error.Message, Does.Contain("did not answer within 10 s"));
            Assert.That(harness.ApiRequests, Is.Empty);
        });
    }

    [Test]
    public async Task An_unreachable_token_endpoint_gives_a_typed_error_and_no_api_request()
    {
        using var harness = new FacadeHarness(defaultTokenEndpoint: false);
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Throw(new HttpRequestException("Connection refused", null, HttpStatusCode.ServiceUnavailable));

        // A network problem, not refused credentials: the same family as an API host that cannot be reached.
        var error = await FacadeHarness.ThrowsAsync<PurseConnectionException>(() =>
            harness.Client.Payments.CaptureAsync(FacadeSamples.PaymentId, Money.FromMinorUnits(1, Currency.Eur))
        );

        Assert.Multiple(() =>
        {
            Assert.That(error.Outcome, Is.EqualTo(PurseOutcome.NotSent));
            Assert.That(error.IsTimeout, Is.False);
            Assert.That(
                error.Message,
                Does.Contain("token endpoint could not be reached").And.Contain("The API call was not sent")
            );
            Assert.That(harness.ApiRequests, Is.Empty);
        });
    }

    [Test]
    public async Task After_a_token_failure_the_next_call_asks_again()
    {
        using var harness = new FacadeHarness(defaultTokenEndpoint: false);
        var fail = true;
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(_ => fail ? FacadeHarness.Json(HttpStatusCode.BadGateway, "") : harness.IssueToken());
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);

        await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );
        fail = false;
        var payment = await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId);

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
        Assert.That(harness.TokenRequests.Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_caller_who_cancels_while_the_token_is_requested_sends_nothing()
    {
        using var harness = new FacadeHarness(defaultTokenEndpoint: false);
        harness.Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri).Respond(new NeverAnswers());
        using var cancellation = new CancellationTokenSource();

        var call = harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, cancellationToken: cancellation.Token);
        await cancellation.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(harness.ApiRequests, Is.Empty);
    }

    /// <summary>A token endpoint that never answers (until the request is cancelled).</summary>
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
