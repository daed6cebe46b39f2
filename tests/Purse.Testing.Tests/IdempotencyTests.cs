using System.Net;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>
/// The emulator honours <c>x-idempotency-key</c> as Purse documents it (page "Idempotency"): a write whose key was
/// already processed is answered 409 write-conflict naming the first result, and changes nothing.
/// </summary>
internal sealed class IdempotencyTests : EmulatorHarness
{
    [TestCase("captures", "Captures")]
    [TestCase("refunds", "Refunds")]
    [TestCase("voids", "Voids")]
    public async Task An_operation_repeated_with_its_key_is_a_write_conflict_naming_the_operation(
        string operation,
        string list
    )
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        if (operation == "refunds")
        {
            (await OperateAsync(payment.Id, "captures", 600)).Dispose();
        }
        var before = await GetPaymentAsync(payment.Id);

        using var first = await WithKeyAsync(
            $"/payment/v2/payments/{payment.Id}/{operation}",
            new { amount = 100 },
            "op-key-1"
        );
        using var again = await WithKeyAsync(
            $"/payment/v2/payments/{payment.Id}/{operation}",
            new { amount = 100 },
            "op-key-1"
        );

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = await ReadAsync<Payment>(first);
        var operationId = ((IEnumerable<PaymentOperation>)typeof(Payment).GetProperty(list)!.GetValue(created)!)
            .Last()
            .Id;
        var conflict = await WriteConflictAsync(again);
        var after = await GetPaymentAsync(payment.Id);
        Assert.Multiple(() =>
        {
            Assert.That(conflict["resource_id"]!.Value<string>(), Is.EqualTo(operationId.ToString()));
            Assert.That(
                conflict["instance"]!.Value<string>(),
                Is.EqualTo($"/payment/v2/payments/{payment.Id}/{operation}")
            );
            Assert.That(after.Version, Is.EqualTo(before.Version + 1), "the repeat changed nothing");
            Assert.That(AmountsOf(after), Is.EqualTo(AmountsOf(created)));
        });
    }

    [Test]
    public async Task Two_keys_are_two_operations_and_no_key_is_never_a_conflict()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));

        (await WithKeyAsync($"/payment/v2/payments/{payment.Id}/captures", new { amount = 100 }, "a")).Dispose();
        (await WithKeyAsync($"/payment/v2/payments/{payment.Id}/captures", new { amount = 100 }, "b")).Dispose();
        (await OperateAsync(payment.Id, "captures", 100)).Dispose();
        (await OperateAsync(payment.Id, "captures", 100)).Dispose();

        Assert.That((await GetPaymentAsync(payment.Id)).Captures, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task A_repeat_is_a_conflict_whatever_its_body_and_is_checked_before_the_body()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));

        (await WithKeyAsync($"/payment/v2/payments/{payment.Id}/captures", new { amount = 100 }, "k")).Dispose();
        using var otherAmount = await WithKeyAsync(
            $"/payment/v2/payments/{payment.Id}/captures",
            new { amount = 999_999 },
            "k"
        );
        using var brokenBody = await WithKeyAsync($"/payment/v2/payments/{payment.Id}/captures", "{", "k");

        await WriteConflictAsync(otherAmount);
        await WriteConflictAsync(brokenBody);
        Assert.That((await GetPaymentAsync(payment.Id)).Amounts!.TotalCaptured, Is.EqualTo(100));
    }

    [Test]
    public async Task A_refused_write_keeps_no_key()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));

        using var tooMuch = await WithKeyAsync(
            $"/payment/v2/payments/{payment.Id}/captures",
            new { amount = 5000 },
            "k"
        );
        using var fixedAmount = await WithKeyAsync(
            $"/payment/v2/payments/{payment.Id}/captures",
            new { amount = 500 },
            "k"
        );

        await ProblemAsync(tooMuch, HttpStatusCode.BadRequest);
        Assert.That(fixedAmount.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Copies_sent_at_once_are_applied_once()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        var token = await TokenAsync();

        var answers = await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(_ =>
                    WithKeyAsync($"/payment/v2/payments/{payment.Id}/captures", new { amount = 100 }, "same", token)
                )
        );

        var statuses = answers.Select(a => a.StatusCode).ToList();
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(7));
        Assert.That((await GetPaymentAsync(payment.Id)).Amounts!.TotalCaptured, Is.EqualTo(100));
    }

    [Test]
    public async Task A_key_is_forgotten_after_the_retention()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));

        (await WithKeyAsync($"/payment/v2/payments/{payment.Id}/captures", new { amount = 100 }, "k")).Dispose();
        Clock.Advance(Options.IdempotencyKeyRetention - TimeSpan.FromSeconds(1));
        using var within = await WithKeyAsync(
            $"/payment/v2/payments/{payment.Id}/captures",
            new { amount = 100 },
            "k",
            await FreshTokenAsync()
        );
        Clock.Advance(TimeSpan.FromSeconds(1));
        using var after = await WithKeyAsync(
            $"/payment/v2/payments/{payment.Id}/captures",
            new { amount = 100 },
            "k",
            await FreshTokenAsync()
        );

        await WriteConflictAsync(within);
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Created), "24 h later the key is new again");
    }

    [Test]
    public async Task Creates_and_abort_name_what_they_created_or_aborted()
    {
        var request = PaymentRequest(1000);
        using var payment = await WithKeyAsync("/payment/v2/payments", request, "create-1");
        using var paymentAgain = await WithKeyAsync("/payment/v2/payments", request, "create-1");
        var session = new CreateClientSessionRequest
        {
            EntityId = Emulator.EntityId,
            Amount = 1000,
            Currency = Currency.Eur,
            Order = Order(netAmount: 1000),
            ShopperRedirectionUrl = new Uri("https://shop.example/return"),
        };
        using var created = await WithKeyAsync("/payment/v2/client-sessions", session, "session-1");
        using var createdAgain = await WithKeyAsync("/payment/v2/client-sessions", session, "session-1");
        var sessionId = (await ReadAsync<ClientSession>(created)).Id;
        using var aborted = await WithKeyAsync(
            $"/payment/v2/client-sessions/{sessionId}/abort",
            new { status = "ABORTED_BY_MERCHANT" },
            "abort-1"
        );
        using var abortedAgain = await WithKeyAsync(
            $"/payment/v2/client-sessions/{sessionId}/abort",
            new { status = "ABORTED_BY_MERCHANT" },
            "abort-1"
        );

        Assert.Multiple(async () =>
        {
            Assert.That(
                (await WriteConflictAsync(paymentAgain))["resource_id"]!.Value<string>(),
                Is.EqualTo((await ReadAsync<Payment>(payment)).Id.ToString())
            );
            Assert.That(
                (await WriteConflictAsync(createdAgain))["resource_id"]!.Value<string>(),
                Is.EqualTo(sessionId.ToString())
            );
            Assert.That(aborted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(
                (await WriteConflictAsync(abortedAgain))["resource_id"]!.Value<string>(),
                Is.EqualTo(sessionId.ToString())
            );
        });
    }

    /// <summary>A token issued now (the cached one expires when the clock moves a day).</summary>
    private async Task<string> FreshTokenAsync()
    {
        using var response = await RequestTokenAsync(Emulator.ClientId, Emulator.ClientSecret);
        return (await ReadAsync<TokenResponse>(response)).AccessToken;
    }

    /// <summary>Asserts Purse's write-conflict problem and returns its JSON.</summary>
    private static async Task<JObject> WriteConflictAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        var json = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(problem.Type, Is.EqualTo("urn:eu.purse:write-conflict"));
            Assert.That(problem.Title, Is.EqualTo("Idempotency violation"));
            Assert.That(
                Guid.TryParse(json["resource_id"]?.Value<string>(), out _),
                Is.True,
                "resource_id names the first result"
            );
        });
        return json;
    }

    private async Task<HttpResponseMessage> WithKeyAsync(string path, object body, string key, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new StringContent(
                body as string ?? JsonConvert.SerializeObject(body, PurseJson.Settings),
                System.Text.Encoding.UTF8,
                "application/json"
            ),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer",
            token ?? await TokenAsync()
        );
        request.Headers.Add("x-api-key", Emulator.ApiKey);
        request.Headers.Add("x-idempotency-key", key);
        return await Http.SendAsync(request);
    }
}
