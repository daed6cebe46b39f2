using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Http;

/// <summary>
/// Every write carries an idempotency key fixed before its first attempt; captures, refunds and voids are retried
/// with it where their outcome is unknown; a 409 write-conflict ends in the earlier result; and a write that fails
/// says whether money may have moved (MockHttp: method, path, headers and body of every request are checked).
/// </summary>
public sealed class IdempotentWriteTests
{
    private static readonly Guid Id = FacadeSamples.PaymentId;
    private static readonly string PaymentUrl = FacadeHarness.BaseAddress + $"payment/v2/payments/{Id}";
    private static readonly Money Amount = Money.FromMinorUnits(250, Currency.Eur);

    /// <summary>The capture of the spec's payment example (its one capture).</summary>
    private static readonly Guid SampleCaptureId = (Guid)
        JObject.Parse(FacadeSamples.PaymentJson)["captures"]![0]!["id"]!;

    /// <summary>That capture's amount: a capture whose key Purse already processed for it has this amount.</summary>
    private static readonly Money SampleCaptureAmount = Money.FromMinorUnits(
        (long)JObject.Parse(FacadeSamples.PaymentJson)["captures"]![0]!["amount"]!,
        Currency.Eur
    );

    private static IEnumerable<TestCaseData> Operations()
    {
        yield return new TestCaseData(
            "captures",
            (Func<IPurseClient, PaymentOperationOptions?, Task<Payment>>)(
                (c, o) => c.Payments.CaptureAsync(Id, Amount, o)
            )
        ).SetName("Capture");
        yield return new TestCaseData(
            "refunds",
            (Func<IPurseClient, PaymentOperationOptions?, Task<Payment>>)(
                (c, o) => c.Payments.RefundAsync(Id, Amount, o)
            )
        ).SetName("Refund");
        yield return new TestCaseData(
            "voids",
            (Func<IPurseClient, PaymentOperationOptions?, Task<Payment>>)((c, o) => c.Payments.VoidAsync(Id, Amount, o))
        ).SetName("Void");
    }

    [TestCaseSource(nameof(Operations))]
    public async Task An_operation_answered_503_is_sent_again_with_the_same_key_and_body(
        string operation,
        Func<IPurseClient, PaymentOperationOptions?, Task<Payment>> call
    )
    {
        using var harness = new FacadeHarness();
        var answers = new Queue<HttpResponseMessage>([Problem(HttpStatusCode.ServiceUnavailable), Created()]);
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/{operation}").Respond(_ => answers.Dequeue());

        var payment = await harness.AdvancingTimeAsync(() => call(harness.Client, null));

        var sent = harness.ApiRequests.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(payment.Id, Is.EqualTo(Id));
            Assert.That(
                sent.Select(r => $"{r.Method} {r.Uri.AbsolutePath}"),
                Is.EqualTo(Enumerable.Repeat($"POST /payment/v2/payments/{Id}/{operation}", 2))
            );
            Assert.That(
                Guid.TryParseExact(sent[0].Headers["x-idempotency-key"], "D", out _),
                Is.True,
                "a generated key is a UUID"
            );
            Assert.That(
                sent[1].Headers["x-idempotency-key"],
                Is.EqualTo(sent[0].Headers["x-idempotency-key"]),
                "the retry carries the same key"
            );
            Assert.That(sent[1].Body, Is.EqualTo(sent[0].Body).And.Contains("\"amount\":250"));
            Assert.That(sent[1].Headers["Authorization"], Does.StartWith("Bearer "));
        });
    }

    private static IEnumerable<TestCaseData> AmbiguousFailures()
    {
        yield return new TestCaseData(
            (Func<HttpResponseMessage>)(() => throw new HttpRequestException(HttpRequestError.ResponseEnded, "reset"))
        ).SetName("A connection reset after sending");
        yield return new TestCaseData((Func<HttpResponseMessage>)(() => Problem(HttpStatusCode.BadGateway))).SetName(
            "502"
        );
        yield return new TestCaseData(
            (Func<HttpResponseMessage>)(() => Problem(HttpStatusCode.GatewayTimeout))
        ).SetName("504");
        yield return new TestCaseData(
            (Func<HttpResponseMessage>)(() => Problem(HttpStatusCode.RequestTimeout))
        ).SetName("408");
    }

    [TestCaseSource(nameof(AmbiguousFailures))]
    public async Task A_capture_is_retried_with_its_key_after_an_ambiguous_failure(
        Func<HttpResponseMessage> firstAnswer
    )
    {
        using var harness = new FacadeHarness();
        var answers = new Queue<Func<HttpResponseMessage>>([firstAnswer, Created]);
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => answers.Dequeue()());

        var payment = await harness.AdvancingTimeAsync(() => harness.Client.Payments.CaptureAsync(Id, Amount));

        Assert.That(payment.Id, Is.EqualTo(Id));
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(2));
        Assert.That(harness.ApiRequests.Select(r => r.Headers["x-idempotency-key"]).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_capture_whose_attempt_times_out_is_retried_with_its_key()
    {
        using var harness = new FacadeHarness(o => o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(2));
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(new FirstNeverAnswers(Created));

        var payment = await harness.AdvancingTimeAsync(() => harness.Client.Payments.CaptureAsync(Id, Amount));

        Assert.That(payment.Id, Is.EqualTo(Id));
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(2));
        Assert.That(harness.ApiRequests.Select(r => r.Headers["x-idempotency-key"]).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_capture_is_not_retried_after_a_500_and_its_outcome_is_unknown()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures")
            .Respond(_ => Problem(HttpStatusCode.InternalServerError));

        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.AdvancingTimeAsync(() => harness.Client.Payments.CaptureAsync(Id, Amount))
        );

        var key = harness.ApiRequests.Single().Headers["x-idempotency-key"];
        Assert.Multiple(() =>
        {
            Assert.That(error.IdempotencyKey, Is.EqualTo(key));
            Assert.That(error.ResourceId, Is.EqualTo(Id));
            Assert.That(error.Operation, Is.EqualTo("POST payment/v2/payments/{id}/captures"));
            Assert.That(error.Outcome, Is.EqualTo(PurseOutcome.Unknown));
            Assert.That(error.InnerException, Is.InstanceOf<PurseServerException>());
            Assert.That(error.Message, Does.Contain($"capture of payment {Id} may have been carried out"));
            Assert.That(
                error.Message,
                Does.Contain($"Call it again with the same idempotency key ('{key}')").And.Contain("read the resource")
            );
        });
    }

    [Test]
    public async Task A_capture_that_keeps_failing_ends_outcome_unknown_after_every_attempt_with_one_key()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 2);
        harness
            .Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures")
            .Respond(_ => Problem(HttpStatusCode.ServiceUnavailable));

        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.AdvancingTimeAsync(() => harness.Client.Payments.CaptureAsync(Id, Amount))
        );

        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(3));
        Assert.That(
            harness.ApiRequests.Select(r => r.Headers["x-idempotency-key"]).Distinct(),
            Is.EqualTo(new[] { error.IdempotencyKey })
        );
        Assert.That(
            ((PurseServerException)error.InnerException!).StatusCode,
            Is.EqualTo(HttpStatusCode.ServiceUnavailable)
        );
    }

    [Test]
    public async Task A_429_is_waited_for_and_the_capture_sent_again_with_its_key()
    {
        using var harness = new FacadeHarness();
        var answers = new Queue<HttpResponseMessage>([RateLimited(TimeSpan.FromSeconds(5)), Created()]);
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => answers.Dequeue());

        var call = harness.Client.Payments.CaptureAsync(Id, Amount);
        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(5);
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }
        await Task.Delay(50);
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1), "nothing sent again before Retry-After elapsed");

        var payment = await harness.AdvancingTimeAsync(() => call, TimeSpan.FromSeconds(1));
        Assert.That(payment.Id, Is.EqualTo(Id));
        Assert.That(harness.ApiRequests.Select(r => r.Headers["x-idempotency-key"]).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_429_longer_than_allowed_is_a_refusal_nothing_moved()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => RateLimited(TimeSpan.FromMinutes(5)));

        var error = await FacadeHarness.ThrowsAsync<PurseRateLimitedException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount)
        );

        Assert.That((error.Outcome, harness.ApiRequests.Count()), Is.EqualTo((PurseOutcome.Refused, 1)));
    }

    [Test]
    public async Task A_refusal_after_an_ambiguous_attempt_is_still_an_unknown_outcome()
    {
        using var harness = new FacadeHarness();
        var answers = new Queue<HttpResponseMessage>([
            Problem(HttpStatusCode.ServiceUnavailable),
            Problem(HttpStatusCode.BadRequest),
        ]);
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => answers.Dequeue());

        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.AdvancingTimeAsync(() => harness.Client.Payments.CaptureAsync(Id, Amount))
        );

        Assert.That(
            error.InnerException,
            Is.InstanceOf<PurseValidationException>(),
            "the first attempt may have captured, so the 400 proves nothing"
        );
    }

    [Test]
    public async Task A_503_that_a_resilience_handler_of_the_application_retried_still_leaves_a_later_refusal_unknown()
    {
        // The application's handler retries the 503 itself: the client's attempt sees the 400 only, but every send
        // passes through the client's send record, so the capture that answered 503 is not forgotten.
        using var harness = new FacadeHarness(
            o => o.Resilience.MaxRetryAttempts = 0,
            configureServices: services =>
                services.ConfigureHttpClientDefaults(http =>
                    http.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(1))
                )
        );
        var answers = new Queue<HttpResponseMessage>([
            Problem(HttpStatusCode.ServiceUnavailable),
            Problem(HttpStatusCode.BadRequest),
        ]);
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => answers.Dequeue());

        // The application's retry delay runs on the harness's fake clock: it passes as the clock moves.
        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.AdvancingTimeAsync(() => harness.Client.Payments.CaptureAsync(Id, Amount))
        );

        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(2));
        Assert.That(error.InnerException, Is.InstanceOf<PurseValidationException>());
    }

    [TestCase(HttpStatusCode.SeeOther)]
    [TestCase(HttpStatusCode.Found)]
    [TestCase(HttpStatusCode.MovedPermanently)]
    public async Task A_capture_answered_with_a_redirect_that_may_follow_its_processing_has_an_unknown_outcome(
        HttpStatusCode status
    )
    {
        // RFC 9110: a 303 points to the result of a request that was processed; 301 and 302 do not say either way.
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => Redirect(status));

        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount)
        );

        Assert.That(error.InnerException, Is.InstanceOf<PurseHttpRedirectException>());
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1), "a redirect is never followed nor retried");
    }

    [TestCase(HttpStatusCode.TemporaryRedirect)]
    [TestCase(HttpStatusCode.PermanentRedirect)]
    public async Task A_capture_answered_307_or_308_was_not_carried_out(HttpStatusCode status)
    {
        // RFC 9110: 307 and 308 ask for the same request at another address: this one was not carried out.
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => Redirect(status));

        var error = await FacadeHarness.ThrowsAsync<PurseHttpRedirectException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount)
        );

        Assert.That(error.Outcome, Is.EqualTo(PurseOutcome.Refused));
    }

    [Test]
    public async Task A_refusal_of_the_first_attempt_says_nothing_moved()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => Problem(HttpStatusCode.BadRequest));

        var error = await FacadeHarness.ThrowsAsync<PurseValidationException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount)
        );

        Assert.That((error.Outcome, harness.ApiRequests.Count()), Is.EqualTo((PurseOutcome.Refused, 1)));
    }

    [Test]
    public async Task A_given_key_is_sent_as_is_on_every_attempt()
    {
        using var harness = new FacadeHarness();
        var answers = new Queue<HttpResponseMessage>([Problem(HttpStatusCode.ServiceUnavailable), Created()]);
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/refunds").Respond(_ => answers.Dequeue());

        await harness.AdvancingTimeAsync(() =>
            harness.Client.Payments.RefundAsync(
                Id,
                Amount,
                new PaymentOperationOptions { IdempotencyKey = "refund-order-42-rma-7" }
            )
        );

        Assert.That(
            harness.ApiRequests.Select(r => r.Headers["x-idempotency-key"]),
            Is.EqualTo(new[] { "refund-order-42-rma-7", "refund-order-42-rma-7" })
        );
    }

    [Test]
    public async Task Each_call_without_a_key_gets_its_own()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => Created());

        await harness.Client.Payments.CaptureAsync(Id, Amount);
        await harness.Client.Payments.CaptureAsync(Id, Amount);

        Assert.That(harness.ApiRequests.Select(r => r.Headers["x-idempotency-key"]).Distinct().Count(), Is.EqualTo(2));
    }

    private static IEnumerable<TestCaseData> InvalidKeys()
    {
        yield return new TestCaseData("", "empty").SetName("Empty");
        yield return new TestCaseData(new string('k', 256), "256 characters").SetName("256 characters");
        yield return new TestCaseData("clé", "U+00E9 at index 2").SetName("Not ASCII");
        yield return new TestCaseData("a\r\nx-api-key: stolen", "U+000D at index 1").SetName(
            "A line break (header injection)"
        );
        yield return new TestCaseData(" key", "space").SetName("A leading space");
    }

    [TestCaseSource(nameof(InvalidKeys))]
    public async Task An_invalid_key_is_refused_before_anything_is_sent(string key, string named)
    {
        using var harness = new FacadeHarness();

        var error = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount, new PaymentOperationOptions { IdempotencyKey = key })
        );
        var onCreate = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.Payments.CreateAsync(
                FacadeSamples.Request<CreatePaymentRequest>("createPayment"),
                new PurseWriteOptions { IdempotencyKey = key }
            )
        );

        Assert.Multiple(() =>
        {
            Assert.That(error.Field, Is.EqualTo("IdempotencyKey"));
            Assert.That(error.Message, Does.Contain(named));
            Assert.That(error.Outcome, Is.EqualTo(PurseOutcome.NotSent));
            Assert.That(onCreate.Field, Is.EqualTo("IdempotencyKey"));
            Assert.That(harness.Requests, Is.Empty, "not even a token request");
        });
    }

    [Test]
    public async Task A_key_of_255_printable_characters_is_accepted()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => Created());
        var key = string.Concat(Enumerable.Range(0, 255).Select(i => (char)(' ' + 1 + (i % 94))));

        await harness.Client.Payments.CaptureAsync(Id, Amount, new PaymentOperationOptions { IdempotencyKey = key });

        Assert.That(harness.ApiRequests.Single().Headers["x-idempotency-key"], Is.EqualTo(key));
    }

    [Test]
    public async Task A_write_conflict_ends_in_the_payment_holding_the_operation_it_names()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => WriteConflict(SampleCaptureId));
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));

        var payment = await harness.Client.Payments.CaptureAsync(
            Id,
            SampleCaptureAmount,
            new PaymentOperationOptions { IdempotencyKey = "capture-1" }
        );

        Assert.That(payment.Captures!.Select(c => c.Id), Does.Contain(SampleCaptureId));
        Assert.That(
            harness.ApiRequests.Select(r => $"{r.Method} {r.Uri.AbsolutePath}"),
            Is.EqualTo(new[] { $"POST /payment/v2/payments/{Id}/captures", $"GET /payment/v2/payments/{Id}" })
        );
    }

    [Test]
    public async Task A_write_conflict_after_an_ambiguous_attempt_ends_in_the_payment()
    {
        using var harness = new FacadeHarness();
        var answers = new Queue<HttpResponseMessage>([
            Problem(HttpStatusCode.GatewayTimeout),
            WriteConflict(SampleCaptureId),
        ]);
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => answers.Dequeue());
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));

        var payment = await harness.AdvancingTimeAsync(() =>
            harness.Client.Payments.CaptureAsync(Id, SampleCaptureAmount)
        );

        Assert.That(payment.Id, Is.EqualTo(Id));
        Assert.That(harness.ApiRequests.Count(r => r.Method == HttpMethod.Post), Is.EqualTo(2));
    }

    [Test]
    public async Task A_write_conflict_naming_an_operation_the_payment_does_not_hold_is_a_conflict_that_says_so()
    {
        using var harness = new FacadeHarness();
        var other = Guid.Parse("0d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a");
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/voids").Respond(_ => WriteConflict(other));
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));

        // The key names the sample's capture: not a void of this payment.
        var error = await FacadeHarness.ThrowsAsync<PurseConflictException>(() =>
            harness.Client.Payments.VoidAsync(Id, Amount, new PaymentOperationOptions { IdempotencyKey = "reused" })
        );

        Assert.Multiple(() =>
        {
            Assert.That(error.Outcome, Is.EqualTo(PurseOutcome.Refused));
            Assert.That(error.Problem, Is.InstanceOf<WriteConflictProblem>());
            Assert.That(((WriteConflictProblem)error.Problem!).ResourceId, Is.EqualTo(other));
            Assert.That(
                error.Message,
                Does.Contain("'reused'").And.Contain("used for another operation").And.Contain("not carried out")
            );
        });
    }

    [Test]
    public async Task A_key_reused_for_a_capture_of_another_amount_is_a_conflict_not_the_earlier_capture()
    {
        // The caller kept one options object (one key) for two captures: Purse answers the second with the first
        // one's write-conflict. Returning the payment would report a capture of 2.50 EUR that never happened.
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => WriteConflict(SampleCaptureId));
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));

        var error = await FacadeHarness.ThrowsAsync<PurseConflictException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount, new PaymentOperationOptions { IdempotencyKey = "kept" })
        );

        Assert.That(error.Outcome, Is.EqualTo(PurseOutcome.Refused));
        Assert.That(error.Message, Does.Contain("'kept'").And.Contain("used for another operation"));
    }

    [Test]
    public async Task A_key_reused_for_another_merchant_reference_is_a_conflict_not_the_earlier_capture()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => WriteConflict(SampleCaptureId));
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));
        var options = new PaymentOperationOptions { IdempotencyKey = "kept", MerchantReference = "shipment-2" };

        var error = await FacadeHarness.ThrowsAsync<PurseConflictException>(() =>
            harness.Client.Payments.CaptureAsync(Id, SampleCaptureAmount, options)
        );

        Assert.That(error.Message, Does.Contain("used for another operation"));
    }

    [Test]
    public async Task A_write_conflict_whose_operation_shows_no_merchant_reference_is_still_this_capture()
    {
        // What the answer leaves out is no difference: a false conflict would say "not carried out" of a capture
        // that happened.
        using var harness = new FacadeHarness();
        var payment = JObject.Parse(FacadeSamples.PaymentJson);
        ((JObject)payment["captures"]![0]!).Remove("merchant_reference");
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => WriteConflict(SampleCaptureId));
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, payment.ToString()));
        var options = new PaymentOperationOptions { IdempotencyKey = "kept", MerchantReference = "shipment-1" };

        var captured = await harness.Client.Payments.CaptureAsync(Id, SampleCaptureAmount, options);

        Assert.That(captured.Captures!.Select(c => c.Id), Does.Contain(SampleCaptureId));
    }

    [Test]
    public async Task A_key_reused_for_another_order_is_a_conflict_not_the_payment_created_first()
    {
        // One options object kept for two checkouts: the second payment is not the first one.
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.BaseAddress + "payment/v2/payments")
            .Respond(_ => WriteConflict(Id));
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, CreatedByTheRequestExample()));
        var request = FacadeSamples.Request<CreatePaymentRequest>("createPayment");
        request.Order.Reference = "order-2";

        var error = await FacadeHarness.ThrowsAsync<PurseConflictException>(() =>
            harness.Client.Payments.CreateAsync(request, new PurseWriteOptions { IdempotencyKey = "checkout" })
        );

        Assert.That(error.Message, Does.Contain("'checkout'").And.Contain("used for another operation"));
    }

    [Test]
    public async Task Resuming_with_the_key_after_reading_the_payment_is_done_by_its_id_and_the_refusal_says_so()
    {
        // The capture was carried out but its answer lost; the caller read the payment (nothing left to capture)
        // and calls again with the same key. The overload given the payment refuses before sending (its local
        // check cannot know the key), saying how to resume; the call by the payment's id ends in the capture.
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => WriteConflict(SampleCaptureId));
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, FacadeSamples.PaymentJson));
        var read = FacadeSamples.EurPayment(availableToCapture: 0, availableToRefund: 4299, availableToVoid: 0);
        var options = new PaymentOperationOptions { IdempotencyKey = "capture:order-1:shipment-1" };

        var refusal = await FacadeHarness.ThrowsAsync<PurseInvalidRequestException>(() =>
            harness.Client.Payments.CaptureAsync(read, SampleCaptureAmount, options)
        );
        var payment = await harness.Client.Payments.CaptureAsync(read.Id, SampleCaptureAmount, options);

        Assert.That(refusal.Message, Does.Contain("call again by the payment's id").And.Contain("same options"));
        Assert.That(payment.Captures!.Select(c => c.Id), Does.Contain(SampleCaptureId));
    }

    [Test]
    public async Task A_write_conflict_without_resource_id_is_an_unknown_outcome()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => WriteConflict(null));

        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount)
        );

        Assert.That(error.Message, Does.Contain("names no resource_id"));
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1), "nothing to read back");
    }

    [Test]
    public async Task A_write_conflict_whose_payment_cannot_be_read_is_an_unknown_outcome_with_the_read_failure()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness.Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures").Respond(_ => WriteConflict(SampleCaptureId));
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(_ => Problem(HttpStatusCode.ServiceUnavailable));

        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount)
        );

        Assert.That(error.InnerException, Is.InstanceOf<PurseServerException>());
        Assert.That(error.Message, Does.Contain("was already processed").And.Contain("reading that result failed"));
    }

    [Test]
    public async Task Another_409_stays_a_conflict()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures")
            .Respond(_ =>
                FacadeHarness.Json(
                    HttpStatusCode.Conflict,
                    """{"type":"about:blank","title":"Conflict","status":409,"detail":"An operation is under way."}""",
                    "application/problem+json"
                )
            );

        var error = await FacadeHarness.ThrowsAsync<PurseConflictException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount)
        );

        Assert.That(
            (error.Problem!.Detail, error.Problem is WriteConflictProblem),
            Is.EqualTo(("An operation is under way.", false))
        );
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_created_payment_named_by_a_write_conflict_is_read_back()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.BaseAddress + "payment/v2/payments")
            .Respond(_ => WriteConflict(Id));
        harness
            .Mock.When(HttpMethod.Get, PaymentUrl)
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, CreatedByTheRequestExample()));

        var payment = await harness.Client.Payments.CreateAsync(
            FacadeSamples.Request<CreatePaymentRequest>("createPayment"),
            new PurseWriteOptions { IdempotencyKey = "order-42-payment" }
        );

        Assert.That(
            harness.ApiRequests.Select(r => $"{r.Method} {r.Uri.AbsolutePath}"),
            Is.EqualTo(new[] { "POST /payment/v2/payments", $"GET /payment/v2/payments/{Id}" })
        );
        Assert.That(payment.Id, Is.EqualTo(Id));
        Assert.That(harness.ApiRequests.First().Headers["x-idempotency-key"], Is.EqualTo("order-42-payment"));
    }

    private static IEnumerable<TestCaseData> CreatesAndAbort()
    {
        yield return new TestCaseData(
            "/payment/v2/payments",
            "payment creation",
            (Func<IPurseClient, Task>)(
                c => c.Payments.CreateAsync(FacadeSamples.Request<CreatePaymentRequest>("createPayment"))
            )
        ).SetName("Create payment");
        yield return new TestCaseData(
            "/payment/v2/client-sessions",
            "client session creation",
            (Func<IPurseClient, Task>)(
                c =>
                    c.ClientSessions.CreateAsync(
                        FacadeSamples.Request<CreateClientSessionRequest>("createClientSession")
                    )
            )
        ).SetName("Create client session");
        yield return new TestCaseData(
            $"/payment/v2/client-sessions/{Id}/abort",
            "abort of client session",
            (Func<IPurseClient, Task>)(c => c.ClientSessions.AbortAsync(Id))
        ).SetName("Abort client session");
        yield return new TestCaseData(
            "/payment/v2/payment-links",
            "payment link creation",
            (Func<IPurseClient, Task>)(
                c => c.PaymentLinks.CreateAsync(FacadeSamples.Request<CreatePaymentLinkRequest>("createPaymentLink"))
            )
        ).SetName("Create payment link");
    }

    [TestCaseSource(nameof(CreatesAndAbort))]
    public async Task A_create_or_abort_carries_a_key_is_sent_once_and_states_an_unknown_outcome(
        string path,
        string subject,
        Func<IPurseClient, Task> call
    )
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.BaseAddress + path.TrimStart('/'))
            .Respond(_ => Problem(HttpStatusCode.ServiceUnavailable));

        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.AdvancingTimeAsync(async () =>
            {
                await call(harness.Client);
                return 0;
            })
        );

        var sent = harness.ApiRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That($"{sent.Method} {sent.Uri.AbsolutePath}", Is.EqualTo($"POST {path}"));
            Assert.That(sent.Headers["x-idempotency-key"], Is.EqualTo(error.IdempotencyKey));
            Assert.That(
                error.Message,
                Does.Contain(subject).And.Contain("documents idempotency keys for captures, refunds and voids only")
            );
        });
    }

    [TestCaseSource(nameof(CreatesAndAbort))]
    public async Task A_create_or_abort_is_retried_with_its_key_when_asked(
        string path,
        string subject,
        Func<IPurseClient, Task> call
    )
    {
        using var harness = new FacadeHarness(o => o.Resilience.RetryCreatesAndAbort = true);
        var answers = new Queue<HttpResponseMessage>([
            Problem(HttpStatusCode.ServiceUnavailable),
            Problem(HttpStatusCode.ServiceUnavailable),
        ]);
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.BaseAddress + path.TrimStart('/'))
            .Respond(_ => answers.Count > 0 ? answers.Dequeue() : Problem(HttpStatusCode.BadRequest));

        // Two 503s, then a definite 400: outcome still unknown (an earlier attempt may have created it).
        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.AdvancingTimeAsync(async () =>
            {
                await call(harness.Client);
                return 0;
            })
        );

        Assert.That(
            harness.ApiRequests.Select(r => r.Headers["x-idempotency-key"]),
            Is.EqualTo(Enumerable.Repeat(error.IdempotencyKey, 3)),
            subject
        );
    }

    [Test]
    public async Task A_slow_token_endpoint_ends_a_capture_that_was_never_sent()
    {
        using var harness = new FacadeHarness(
            o =>
            {
                o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
                o.Resilience.TotalTimeout = TimeSpan.FromSeconds(1);
            },
            defaultTokenEndpoint: false
        );
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(new FirstNeverAnswers(() => harness.IssueToken(), always: true));

        var error = await FacadeHarness.ThrowsAsync<PurseConnectionException>(() =>
            harness.AdvancingTimeAsync(() => harness.Client.Payments.CaptureAsync(Id, Amount))
        );

        Assert.Multiple(() =>
        {
            Assert.That(error.Outcome, Is.EqualTo(PurseOutcome.NotSent));
            Assert.That(error.IsTimeout, Is.True);
            Assert.That(error.Message, Does.Contain("nothing was sent to Purse").And.Not.Contain("may have"));
            Assert.That(harness.ApiRequests, Is.Empty);
        });
    }

    [Test]
    public async Task A_refused_token_ends_a_capture_that_was_never_sent()
    {
        using var harness = new FacadeHarness(defaultTokenEndpoint: false);
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri)
            .Respond(HttpStatusCode.Unauthorized, "application/json", """{"error":"invalid_client"}""");

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount)
        );

        Assert.That(
            (error.Outcome, error.FromTokenEndpoint, harness.ApiRequests.Count()),
            Is.EqualTo((PurseOutcome.NotSent, true, 0))
        );
    }

    [Test]
    public async Task An_answer_about_another_payment_leaves_the_capture_unknown()
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        var other = Guid.Parse("5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716");
        harness
            .Mock.When(HttpMethod.Post, $"{PaymentUrl}/captures")
            .Respond(_ =>
                FacadeHarness.Json(HttpStatusCode.Created, FacadeSamples.WithId(FacadeSamples.PaymentJson, other))
            );

        var error = await FacadeHarness.ThrowsAsync<PurseOutcomeUnknownException>(() =>
            harness.Client.Payments.CaptureAsync(Id, Amount)
        );

        Assert.That(error.InnerException, Is.InstanceOf<PurseResponseException>());
        Assert.That(error.Message, Does.Contain($"it is about payment {other}").And.Contain(error.IdempotencyKey));
    }

    /// <summary>Never answers the first request (or any, with <c>always</c>) until it is cancelled; then answers with
    /// <c>answer</c>.</summary>
    private sealed class FirstNeverAnswers(Func<HttpResponseMessage> answer, bool always = false) : HttpMessageHandler
    {
        private int _calls;

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            if (always || Interlocked.Increment(ref _calls) == 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return answer();
        }
    }

    /// <summary>The payment example as the spec's createPayment request example makes it (its amount, 120.00 EUR, and
    /// order reference).</summary>
    private static string CreatedByTheRequestExample()
    {
        var payment = JObject.Parse(FacadeSamples.PaymentJson);
        payment["amount"] = FacadeSamples.RequestExample("createPayment")["amount"];
        return payment.ToString();
    }

    private static HttpResponseMessage Redirect(HttpStatusCode status)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.Location = new Uri(PaymentUrl);
        return response;
    }

    private static HttpResponseMessage Created() =>
        FacadeHarness.Json(HttpStatusCode.Created, FacadeSamples.PaymentJson);

    private static HttpResponseMessage Problem(HttpStatusCode status) =>
        FacadeHarness.Json(
            status,
            $$"""{"type":"about:blank","title":"{{status}}","status":{{(int)status}}}""",
            "application/problem+json"
        );

    private static HttpResponseMessage RateLimited(TimeSpan retryAfter)
    {
        var response = Problem(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
        return response;
    }

    /// <summary>Purse's 409 for a key already processed (page "Idempotency"), naming
    /// <paramref name="resourceId"/>.</summary>
    private static HttpResponseMessage WriteConflict(Guid? resourceId) =>
        FacadeHarness.Json(
            HttpStatusCode.Conflict,
            $$"""
            {"type":"urn:eu.purse:write-conflict","title":"Idempotency violation","status":409,
              "instance":"/v2/payments/{{Id}}/captures"{{(resourceId is { } id ? $",\"resource_id\":\"{id}\"" : "")}}}
            """,
            "application/problem+json"
        );
}
