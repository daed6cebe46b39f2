using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>Each HTTP fault, armed per operation, as a client sees it in-process and over Kestrel.</summary>
internal sealed class HttpFaultTests : EmulatorHarness
{
    [Test]
    public async Task A_429_carries_Retry_After_and_only_the_armed_calls_get_it()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        Emulator.Faults.Next(
            PurseOperationIds.CapturePayment,
            HttpFault.TooManyRequests(TimeSpan.FromSeconds(1.5)),
            times: 2
        );

        using var first = await OperateAsync(payment.Id, "captures", 100);
        using var second = await OperateAsync(payment.Id, "captures", 100);
        using var read = await SendAsync(HttpMethod.Get, $"/payment/v2/payments/{payment.Id}");
        using var third = await OperateAsync(payment.Id, "captures", 100);

        await ProblemAsync(first, HttpStatusCode.TooManyRequests);
        await ProblemAsync(second, HttpStatusCode.TooManyRequests);
        Assert.That(first.Headers.GetValues("Retry-After"), Is.EqualTo(new[] { "2" }));
        Assert.That((read.StatusCode, third.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.Created)));
        Assert.That(
            (await GetPaymentAsync(payment.Id)).Amounts!.TotalCaptured,
            Is.EqualTo(100),
            "a refused call runs nothing"
        );
    }

    [Test]
    public async Task A_server_error_is_problem_json_and_Always_lasts_until_Clear()
    {
        Emulator.Faults.Always(EmulatorFaults.AnyOperation, HttpFault.ServerError(502));

        using var first = await SendAsync(HttpMethod.Get, "/payment/v2/signing-jwks", withToken: false);
        using var second = await SendAsync(HttpMethod.Get, "/payment/v2/signing-jwks", withToken: false);
        Emulator.Faults.Clear();
        using var third = await SendAsync(HttpMethod.Get, "/payment/v2/signing-jwks", withToken: false);

        var problem = await ProblemAsync(first, HttpStatusCode.BadGateway);
        await ProblemAsync(second, HttpStatusCode.BadGateway);
        Assert.That((problem.Title, third.StatusCode), Is.EqualTo(("Bad Gateway", HttpStatusCode.OK)));
    }

    [Test]
    public async Task A_slow_answer_waits_on_the_emulators_clock()
    {
        var token = await TokenAsync();
        Emulator.Faults.Next(PurseOperationIds.GetSigningJwks, HttpFault.Slow(TimeSpan.FromSeconds(10)));

        var call = SendAsync(HttpMethod.Get, "/payment/v2/signing-jwks", token: token);
        await Task.Delay(100);
        Assert.That(call.IsCompleted, Is.False, "no answer before the delay");
        Clock.Advance(TimeSpan.FromSeconds(10));
        using var response = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_dropped_connection_in_process_throws_like_a_reset_and_runs_nothing()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        Emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.DropConnection());

        var thrown = Assert.ThrowsAsync<HttpRequestException>(async () =>
            await OperateAsync(payment.Id, "captures", 100)
        );

        Assert.That(thrown!.HttpRequestError, Is.EqualTo(HttpRequestError.ConnectionError));
        Assert.That((await GetPaymentAsync(payment.Id)).Amounts!.TotalCaptured, Is.Zero);
    }

    [Test]
    public async Task A_dropped_connection_over_kestrel_is_a_closed_socket()
    {
        await using var server = await Emulator.StartServerAsync(CancellationToken.None);
        UseHandler(new SocketsHttpHandler(), server.BaseAddress);
        Emulator.Faults.Next(PurseOperationIds.GetSigningJwks, HttpFault.DropConnection());

        Assert.ThrowsAsync<HttpRequestException>(async () =>
            await SendAsync(HttpMethod.Get, "/payment/v2/signing-jwks", withToken: false)
        );
        using var next = await SendAsync(HttpMethod.Get, "/payment/v2/signing-jwks", withToken: false);
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_5xx_after_commit_answers_an_error_for_a_capture_that_happened()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        // 502: a status the spec declares (the harness checks every answer against it); 503 plays the same way.
        Emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.ServerError(502).AfterCommit());

        using var response = await OperateAsync(payment.Id, "captures", 100, "CAP#after");

        var problem = await ProblemAsync(response, HttpStatusCode.BadGateway);
        var after = await GetPaymentAsync(payment.Id);
        Assert.Multiple(() =>
        {
            Assert.That(problem.Detail, Does.Contain("after the operation ran"));
            Assert.That(
                after.Amounts!.TotalCaptured,
                Is.EqualTo(100),
                "the capture happened although its answer was an error"
            );
            Assert.That(after.Captures!.Single().MerchantReference, Is.EqualTo("CAP#after"));
        });
    }

    [Test]
    public async Task A_connection_dropped_after_commit_loses_the_answer_of_a_capture_that_happened()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        Emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.DropConnection().AfterCommit());

        Assert.ThrowsAsync<HttpRequestException>(async () => await OperateAsync(payment.Id, "captures", 100));

        Assert.That((await GetPaymentAsync(payment.Id)).Amounts!.TotalCaptured, Is.EqualTo(100));
    }

    [Test]
    public async Task A_late_answer_after_commit_keeps_the_capture_when_the_client_gives_up()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        var token = await TokenAsync();
        Emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.Slow(TimeSpan.FromSeconds(30)).AfterCommit());
        using var giveUp = new CancellationTokenSource();

        var call = Http.SendAsync(Operation(payment.Id, "captures", 100, token), giveUp.Token);
        await Task.Delay(100);
        Assert.That(call.IsCompleted, Is.False, "no answer before the delay");
        await giveUp.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(async () => await call);
        Assert.That(
            (await GetPaymentAsync(payment.Id)).Amounts!.TotalCaptured,
            Is.EqualTo(100),
            "the client gave up, the capture stays"
        );
    }

    [Test]
    public async Task A_slow_answer_before_the_operation_runs_nothing_when_the_client_gives_up()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        var token = await TokenAsync();
        Emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.Slow(TimeSpan.FromSeconds(30)));
        using var giveUp = new CancellationTokenSource();

        var call = Http.SendAsync(Operation(payment.Id, "captures", 100, token), giveUp.Token);
        await Task.Delay(100);
        await giveUp.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(async () => await call);
        Assert.That((await GetPaymentAsync(payment.Id)).Amounts!.TotalCaptured, Is.Zero);
    }

    [Test]
    public async Task A_401_fault_asks_for_a_new_token_and_runs_nothing()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        Emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.Unauthorized());

        using var refused = await OperateAsync(payment.Id, "captures", 100);
        using var next = await OperateAsync(payment.Id, "captures", 100);

        await ProblemAsync(refused, HttpStatusCode.Unauthorized);
        Assert.That(refused.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await GetPaymentAsync(payment.Id)).Amounts!.TotalCaptured, Is.EqualTo(100));
    }

    [Test]
    public async Task A_connection_dropped_after_commit_over_kestrel_keeps_the_capture()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        await using var server = await Emulator.StartServerAsync(CancellationToken.None);
        UseHandler(new SocketsHttpHandler(), server.BaseAddress);
        Emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.DropConnection().AfterCommit());

        Assert.ThrowsAsync<HttpRequestException>(async () => await OperateAsync(payment.Id, "captures", 100));

        Assert.That((await GetPaymentAsync(payment.Id)).Amounts!.TotalCaptured, Is.EqualTo(100));
    }

    private HttpRequestMessage Operation(Guid paymentId, string operation, long amount, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"payment/v2/payments/{paymentId}/{operation}")
        {
            Content = new StringContent($$"""{"amount":{{amount}}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("x-api-key", Emulator.ApiKey);
        return request;
    }

    [Test]
    public async Task The_facade_retries_a_read_through_a_502_and_reports_a_429_on_a_write()
    {
        // A capture is retried after a 429 when Purse's wait fits MaxRetryDelay; 7 s does not fit 1 s.
        await using var provider = new ServiceCollection()
            .AddPurseClient(Emulator, o =>
            {
                o.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                o.Resilience.MaxRetryDelay = TimeSpan.FromSeconds(1);
            })
            .BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        Emulator.Faults.Next(PurseOperationIds.GetPayment, HttpFault.ServerError(502));
        Emulator.Faults.Next(PurseOperationIds.CapturePayment, HttpFault.TooManyRequests(TimeSpan.FromSeconds(7)));

        var read = await purse.Payments.GetAsync(payment.Id, cancellationToken: CancellationToken.None);
        var refused = Assert.ThrowsAsync<PurseRateLimitedException>(async () =>
            await purse.Payments.CaptureAsync(
                read,
                Money.FromMinorUnits(100, Currency.Eur),
                cancellationToken: CancellationToken.None
            )
        );

        Assert.That((read.Id, refused!.RetryAfter), Is.EqualTo((payment.Id, (TimeSpan?)TimeSpan.FromSeconds(7))));
    }
}
