using System.Net;
using Newtonsoft.Json;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Testing.Tests.Support;
using Purse.Testing.Webhooks;

namespace Purse.Testing.Tests;

internal sealed class WebhookTests : EmulatorHarness
{
    private List<Payment> _received = null!;
    private RecordingHandler _receiver = null!;

    protected override void Configure(EmulatorOptions options)
    {
        _received = [];
        _receiver = new RecordingHandler();
        options.WebhookDelegate = (payment, _) =>
        {
            _received.Add(payment);
            return Task.CompletedTask;
        };
        options.WebhookHttpClient = new HttpClient(_receiver);
    }

    [TearDown]
    public void DisposeReceiver()
    {
        Options.WebhookHttpClient!.Dispose();
        _receiver.Dispose();
    }

    [Test]
    public async Task The_delegate_gets_the_payment_body_on_each_amounts_change()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        (await OperateAsync(payment.Id, "captures", 600)).Dispose();
        (await OperateAsync(payment.Id, "refunds", 100)).Dispose();
        (await OperateAsync(payment.Id, "captures", 9999)).Dispose(); // refused: no webhook

        Assert.That(
            _received.Select(p => (p.Id, p.Version, p.Amounts!.TotalCaptured, p.Amounts.TotalRefunded)),
            Is.EqualTo(
                new[] { (payment.Id, (long?)1, (long?)0, (long?)0), (payment.Id, 2, 600, 0), (payment.Id, 3, 600, 100) }
            )
        );
        Assert.That(AmountsOf(_received[^1]), Is.EqualTo(AmountsOf(await GetPaymentAsync(payment.Id))));
    }

    [Test]
    public async Task The_payment_webhook_url_gets_a_post_with_the_payment_body()
    {
        var request = PaymentRequest(1000, CaptureMode.Automatic);
        request.Webhook = new Webhook { Url = new Uri("https://merchant.example/purse/webhooks") };

        var payment = await CreatePaymentAsync(request);

        Assert.That(
            _receiver.Requests.Select(r => (r.Method, r.Uri.ToString(), r.ContentType)),
            Is.EqualTo(
                Enumerable.Repeat((HttpMethod.Post, "https://merchant.example/purse/webhooks", "application/json"), 2)
            )
        );
        var bodies = _receiver
            .Requests.Select(r => JsonConvert.DeserializeObject<Payment>(r.Body, PurseJson.Settings)!)
            .ToList();
        Assert.That(
            bodies.Select(b => (b.Id, b.Amounts!.TotalCaptured)),
            Is.EqualTo(new[] { (payment.Id, (long?)0), (payment.Id, 1000) })
        );
        Assert.That(
            Emulator
                .WebhookDeliveries.Where(d => d.Url is not null)
                .Select(d => (d.Version, d.StatusCode, d.Succeeded)),
            Is.EqualTo(new[] { (1L, (int?)200, true), (2L, 200, true) })
        );
    }

    [Test]
    public async Task A_failing_receiver_is_recorded_and_does_not_fail_the_call()
    {
        _receiver.Status = HttpStatusCode.InternalServerError;
        Options.WebhookUrl = new Uri("https://merchant.example/hooks");

        var payment = await CreatePaymentAsync(PaymentRequest(1000));

        var delivery = Emulator.WebhookDeliveries.Single(d => d.Url is not null);
        Assert.That(
            (delivery.Stream, delivery.ResourceId, delivery.Attempt, delivery.StatusCode, delivery.Succeeded),
            Is.EqualTo((WebhookStream.Payment, payment.Id, 1, (int?)500, false))
        );
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(HttpMethod Method, Uri Uri, string? ContentType, string Body)> Requests { get; } = [];

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            Requests.Add(
                (
                    request.Method,
                    request.RequestUri!,
                    request.Content?.Headers.ContentType?.MediaType,
                    await request.Content!.ReadAsStringAsync(cancellationToken)
                )
            );
            return new HttpResponseMessage(Status);
        }
    }
}
