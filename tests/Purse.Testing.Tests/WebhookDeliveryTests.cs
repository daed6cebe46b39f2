using System.Net;
using Newtonsoft.Json;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Testing.Tests.Support;
using Purse.Testing.Webhooks;

namespace Purse.Testing.Tests;

/// <summary>
/// Webhooks over real HTTP: the emulator as a Kestrel server POSTs to a merchant receiver on a
/// loopback port, retries a non-2xx answer with bounded backoff (at-least-once), and sends the
/// payment-link status and attempt streams.
/// </summary>
internal sealed class WebhookDeliveryTests : EmulatorHarness
{
    protected override void Configure(EmulatorOptions options)
    {
        // Real time with short waits: the retries run on their own, between real sockets.
        options.TimeProvider = TimeProvider.System;
        options.WebhookRetryDelays.Clear();
        options.WebhookRetryDelays.Add(TimeSpan.FromMilliseconds(50));
        options.WebhookRetryDelays.Add(TimeSpan.FromMilliseconds(100));
    }

    [Test]
    public async Task A_non_2xx_answer_is_retried_and_the_receiver_may_see_a_body_twice()
    {
        await using var receiver = await LoopbackReceiver.StartAsync([500], CancellationToken.None);
        await using var server = await Emulator.StartServerAsync(CancellationToken.None);
        UseHandler(new SocketsHttpHandler(), server.BaseAddress);
        var request = PaymentRequest(1000);
        request.Webhook = new Webhook { Url = receiver.Url };

        var payment = await CreatePaymentAsync(request);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await Emulator.WebhookRetriesSettledAsync(timeout.Token);
        }

        Assert.That(
            Emulator.WebhookDeliveries.Select(d => (d.Stream, d.Version, d.Attempt, d.StatusCode)),
            Is.EqualTo(new[] { (WebhookStream.Payment, 1L, 1, (int?)500), (WebhookStream.Payment, 1L, 2, (int?)200) })
        );
        var bodies = receiver
            .Bodies.Select(b => JsonConvert.DeserializeObject<Payment>(b, PurseJson.Settings)!)
            .ToList();
        Assert.That(
            bodies.Select(b => (b.Id, b.Version)),
            Is.EqualTo(new[] { (payment.Id, (long?)1), (payment.Id, 1) }),
            "at-least-once: the same version twice"
        );
    }

    [Test]
    public async Task Retries_are_bounded_and_a_receiver_that_never_answers_2xx_is_given_up()
    {
        await using var receiver = await LoopbackReceiver.StartAsync([503, 503, 503, 503], CancellationToken.None);
        Options.WebhookUrl = receiver.Url;

        await CreatePaymentAsync(PaymentRequest(1000));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await Emulator.WebhookRetriesSettledAsync(timeout.Token);
        }

        Assert.That(
            Emulator.WebhookDeliveries.Select(d => (d.Attempt, d.StatusCode, d.Succeeded)),
            Is.EqualTo(new[] { (1, (int?)503, false), (2, 503, false), (3, 503, false) })
        );
        Assert.That(receiver.Bodies, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task A_payment_link_sends_its_attempt_and_status_streams_then_refuses_once_paid()
    {
        await using var receiver = await LoopbackReceiver.StartAsync([], CancellationToken.None);
        var attempts = 0;
        Options.Authorize = _ => ++attempts == 1 ? AuthorizationStatus.Refused : AuthorizationStatus.Authorized;
        var link = Emulator.CreatePaymentLink(2500, Currency.Eur, webhookUrl: receiver.Url);

        var refused = await Emulator.PayPaymentLinkAsync(link.Id, null, CancellationToken.None);
        using (var reopened = await SendAsync(HttpMethod.Get, $"/payment/v2/payment-links/{link.Id}"))
        {
            Assert.That(
                (await ReadAsync<PaymentLink>(reopened)).Status,
                Is.EqualTo(PaymentLinkStatus.Opened),
                "a failed attempt reopens the link"
            );
        }
        var paid = await Emulator.PayPaymentLinkAsync(link.Id, null, CancellationToken.None);

        Assert.That(
            async () => await Emulator.PayPaymentLinkAsync(link.Id, null, CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains("PAID")
        );
        var streams = Emulator
            .WebhookDeliveries.Where(d => d.Stream != WebhookStream.Payment)
            .Select(d => (d.Stream, d.ResourceId, d.Version))
            .ToList();
        Assert.That(
            streams,
            Is.EqualTo(
                new[]
                {
                    (WebhookStream.PaymentLinkAttempt, refused.Id, 1L),
                    (WebhookStream.PaymentLinkStatus, link.Id, 2L),
                    (WebhookStream.PaymentLinkAttempt, paid.Id, 1L),
                    (WebhookStream.PaymentLinkStatus, link.Id, 3L),
                }
            )
        );
        var lastLink = JsonConvert.DeserializeObject<PaymentLink>(
            Emulator.WebhookDeliveries.Last(d => d.Stream == WebhookStream.PaymentLinkStatus).Body,
            PurseJson.Settings
        )!;
        Assert.That(
            (lastLink.Status, lastLink.PaymentAttempts!.Select(a => a.Status)),
            Is.EqualTo((PaymentLinkStatus.Paid, new[] { "REFUSED", "AUTHORIZED" }))
        );
        Assert.That(
            Emulator.WebhookDeliveries.All(d => d.Url == receiver.Url && d.StatusCode == (int)HttpStatusCode.OK)
        );
    }
}
