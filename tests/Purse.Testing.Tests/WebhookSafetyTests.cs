using System.Net;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>
/// The emulator's webhooks never harm what they run beside: a URL it cannot post to does not fail
/// the API call that caused it, and its own HTTP client posts to loopback hosts only, unless the
/// test names other hosts, and follows no redirect.
/// </summary>
internal sealed class WebhookSafetyTests : EmulatorHarness
{
    [Test]
    public async Task A_webhook_url_that_is_not_http_does_not_fail_the_api_call()
    {
        var request = PaymentRequest(1000);
        request.Webhook = new Webhook { Url = new Uri("ftp://example.org/hook") }; // passes the spec's format: uri

        using var response = await SendAsync(HttpMethod.Post, "/payment/v2/payments", request);

        Assert.That(
            response.StatusCode,
            Is.EqualTo(HttpStatusCode.Created),
            await response.Content.ReadAsStringAsync()
        );
        Assert.That(
            Emulator.WebhookDeliveries.Where(d => d.Url is not null),
            Has.All.Matches<Webhooks.WebhookDelivery>(d => !d.Succeeded)
        );
        Assert.That(Emulator.WebhookDeliveries.Where(d => d.Url is not null), Is.Not.Empty, "the failure is recorded");
    }

    [Test]
    public async Task The_own_client_does_not_post_to_a_host_that_is_not_loopback()
    {
        Options.WebhookRetryDelays.Clear();
        var request = PaymentRequest(1000);
        // A production URL.
        request.Webhook = new Webhook { Url = new Uri("https://shop.example.invalid/purse/webhook") };

        await CreatePaymentAsync(request);

        var delivery = Emulator.WebhookDeliveries.Single(d => d.Url is not null);
        Assert.Multiple(() =>
        {
            Assert.That(delivery.Succeeded, Is.False);
            Assert.That(delivery.StatusCode, Is.Null, "nothing was sent");
            Assert.That(delivery.Error, Does.Contain("not a loopback host").And.Contain("AllowedWebhookHosts"));
        });
    }

    [Test]
    public async Task The_own_client_follows_no_redirect()
    {
        await using var elsewhere = await Purse.TestSupport.LoopbackServer.StartAsync("127.0.0.2", context =>
            Task.CompletedTask
        );
        await using var receiver = await Purse.TestSupport.LoopbackServer.StartAsync("127.0.0.1", context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = new Uri(elsewhere.BaseAddress, "stolen").AbsoluteUri;
            return Task.CompletedTask;
        });
        Options.WebhookRetryDelays.Clear();
        var request = PaymentRequest(1000);
        request.Webhook = new Webhook { Url = new Uri(receiver.BaseAddress, "purse/webhook") };

        await CreatePaymentAsync(request);

        Assert.That(elsewhere.Received, Is.Empty, "the payment body was not posted again elsewhere");
        Assert.That(Emulator.WebhookDeliveries.Single(d => d.Url is not null).StatusCode, Is.EqualTo(307));
    }
}
