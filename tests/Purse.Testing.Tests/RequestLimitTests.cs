using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>
/// Issue 11: a number beyond int64 is a 400 naming the field, and a body over the emulator's
/// bound is a 413; both as problem+json, in-process and over Kestrel.
/// </summary>
internal sealed class RequestLimitTests : EmulatorHarness
{
    private const string HugeAmount = "99999999999999999999999";

    [Test]
    public async Task An_amount_beyond_int64_is_a_400_naming_the_field_in_process()
    {
        await AssertHugeAmountRefusedAsync();
    }

    [Test]
    public async Task An_amount_beyond_int64_is_a_400_naming_the_field_over_kestrel()
    {
        await using var server = await Emulator.StartServerAsync(CancellationToken.None);
        UseHandler(new SocketsHttpHandler(), server.BaseAddress);

        await AssertHugeAmountRefusedAsync();
    }

    [Test]
    public async Task A_40_MB_body_is_a_413_in_process()
    {
        using var client = Emulator.CreateHttpClient();

        await AssertOversizedBodyRefusedAsync(client);
    }

    [Test]
    public async Task A_40_MB_body_is_a_413_over_kestrel()
    {
        await using var server = await Emulator.StartServerAsync(CancellationToken.None);
        using var client = new HttpClient(new SocketsHttpHandler())
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

        await AssertOversizedBodyRefusedAsync(client);
    }

    private async Task AssertHugeAmountRefusedAsync()
    {
        var json = JsonConvert
            .SerializeObject(PaymentRequest(1000), PurseJson.Settings)
            .Replace("\"amount\":1000", "\"amount\":" + HugeAmount, StringComparison.Ordinal);
        Assert.That(json, Does.Contain(HugeAmount));

        using var response = await SendAsync(HttpMethod.Post, "/payment/v2/payments", json);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Select(e => e.Pointer), Is.EqualTo(new[] { "/amount" }));
    }

    private async Task AssertOversizedBodyRefusedAsync(HttpClient client)
    {
        var token = await TokenAsync();
        var padding = new string('x', 40 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "payment/v2/payments")
        {
            Content = new StringContent($"{{\"padding\":\"{padding}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("x-api-key", Emulator.ApiKey);

        using var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(
                response.StatusCode,
                Is.EqualTo(HttpStatusCode.RequestEntityTooLarge),
                text.Length > 500 ? text[..500] : text
            );
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
        var problem = JsonConvert.DeserializeObject<ProblemDetails>(text, PurseJson.Settings)!;
        Assert.That(problem.Status, Is.EqualTo(413));
        Assert.That(problem.Detail, Does.Contain("bytes"));
    }
}
