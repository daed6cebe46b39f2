using System.Collections.Concurrent;
using System.Text;
using Newtonsoft.Json;
using Purse.Models;
using Purse.Models.Serialization;

namespace Purse.Testing.Webhooks;

/// <summary>
/// Sends webhooks: POSTed to the resource's webhook URL (or <see cref="EmulatorOptions.WebhookUrl"/>),
/// and Payment bodies also handed to <see cref="EmulatorOptions.WebhookDelegate"/>. The first
/// attempt is awaited before the API call that caused it answers, so a test sees it at once; a
/// non-2xx answer, an error or a timeout is retried in the background after each of
/// <see cref="EmulatorOptions.WebhookRetryDelays"/> (on the emulator's clock), then given up.
/// At-least-once: a receiver that acted but answered late or non-2xx gets the same body again.
/// Every attempt is recorded in <see cref="Deliveries"/>; a failing receiver never fails the API call.
/// </summary>
internal sealed class WebhookDispatcher(EmulatorOptions options) : IDisposable
{
    private readonly ConcurrentQueue<WebhookDelivery> _deliveries = new();
    private readonly ConcurrentDictionary<Task, byte> _retries = new();
    private readonly CancellationTokenSource _stopping = new();

    // Its own client follows no redirect: a 307 would post the payment body to another host.
    private readonly Lazy<HttpClient> _ownClient = new(() =>
        new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
    );

    public IReadOnlyList<WebhookDelivery> Deliveries => _deliveries.ToArray();

    public Task NotifyPaymentAsync(Payment payment, CancellationToken cancellationToken) =>
        NotifyAsync(WebhookStream.Payment, payment, payment.Webhook?.Url, cancellationToken);

    /// <summary>Sends <paramref name="payment"/> on <paramref name="stream"/> to <paramref name="url"/> (else the
    /// default URL) and the delegate.</summary>
    public async Task NotifyAsync(WebhookStream stream, Payment payment, Uri? url, CancellationToken cancellationToken)
    {
        var body = JsonConvert.SerializeObject(payment, PurseJson.Settings);
        await PostAsync(
                new Message(stream, payment.Id, payment.Version ?? 0, url ?? options.WebhookUrl, body),
                cancellationToken
            )
            .ConfigureAwait(false);
        if (options.WebhookDelegate is { } callback)
        {
            string? error = null;
            try
            {
                await callback(payment, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
                when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = exception.GetType().Name + ": " + exception.Message;
            }
            _deliveries.Enqueue(
                new WebhookDelivery(stream, payment.Id, payment.Version ?? 0, null, 1, null, error, body)
            );
        }
    }

    /// <summary>Sends a payment link's body on the link status stream (URL only: the delegate takes
    /// payments).</summary>
    public Task NotifyLinkAsync(PaymentLink link, Uri? url, CancellationToken cancellationToken) =>
        PostAsync(
            new Message(
                WebhookStream.PaymentLinkStatus,
                link.Id,
                link.Version ?? 0,
                url ?? options.WebhookUrl,
                JsonConvert.SerializeObject(link, PurseJson.Settings)
            ),
            cancellationToken
        );

    /// <summary>Completes when every scheduled retry has run or been given up (with a fake clock, advance it
    /// first).</summary>
    public Task RetriesSettledAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_retries.Keys).WaitAsync(cancellationToken);

    private async Task PostAsync(Message message, CancellationToken cancellationToken)
    {
        if (message.Url is null)
        {
            return;
        }
        if (
            await AttemptAsync(message, 1, cancellationToken).ConfigureAwait(false)
            || options.WebhookRetryDelays.Count == 0
        )
        {
            return;
        }
        var retries = Task.Run(() => RetryAsync(message, _stopping.Token), CancellationToken.None);
        _retries.TryAdd(retries, 0);
        _ = retries.ContinueWith(
            t => _retries.TryRemove(t, out _),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default
        );
    }

    private async Task RetryAsync(Message message, CancellationToken stopping)
    {
        var attempt = 1;
        foreach (var delay in options.WebhookRetryDelays.ToList())
        {
            try
            {
                await Task.Delay(delay, options.TimeProvider, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // the emulator is disposed: pending retries are dropped
            }
            if (await AttemptAsync(message, ++attempt, stopping).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> AttemptAsync(Message message, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.WebhookTimeout);
        WebhookDelivery delivery;
        if (options.WebhookHttpClient is null && !MaySend(message.Url!))
        {
            // A test that sets its production webhook URL must not reach production from CI.
            Record(
                message,
                attempt,
                null,
                $"Not sent: '{message.Url!.Host}' is not a loopback host; add it to "
                    + "EmulatorOptions.AllowedWebhookHosts to send webhooks there."
            );
            return true; // nothing to retry
        }
        try
        {
            using var content = new StringContent(message.Body, Encoding.UTF8, "application/json");
            var client = options.WebhookHttpClient ?? _ownClient.Value;
            using var response = await client.PostAsync(message.Url, content, timeout.Token).ConfigureAwait(false);
            delivery = Record(message, attempt, (int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            delivery = Record(message, attempt, null, $"No answer within {options.WebhookTimeout}.");
        }
        catch (OperationCanceledException)
        {
            return true; // the caller gave up (or the emulator stopped): nothing more to send
        }
        catch (Exception exception)
        {
            // Whatever the receiver or the URL does (a refused connection, an unsupported scheme,
            // a custom client's own error), it is recorded and never fails the API call.
            delivery = Record(message, attempt, null, exception.GetType().Name + ": " + exception.Message);
        }
        return delivery.Succeeded;
    }

    /// <summary>Loopback hosts, and the hosts the test named in
    /// <see cref="EmulatorOptions.AllowedWebhookHosts"/>.</summary>
    private bool MaySend(Uri url) =>
        url.IsLoopback || options.AllowedWebhookHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase);

    private WebhookDelivery Record(Message message, int attempt, int? status, string? error)
    {
        var delivery = new WebhookDelivery(
            message.Stream,
            message.ResourceId,
            message.Version,
            message.Url,
            attempt,
            status,
            error,
            message.Body
        );
        _deliveries.Enqueue(delivery);
        return delivery;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        try
        {
            Task.WhenAll(_retries.Keys).Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // a retry that failed on its way out has nothing left to report
        }
        _stopping.Dispose();
        if (_ownClient.IsValueCreated)
        {
            _ownClient.Value.Dispose();
        }
    }

    private sealed record Message(WebhookStream Stream, Guid ResourceId, long Version, Uri? Url, string Body);
}
