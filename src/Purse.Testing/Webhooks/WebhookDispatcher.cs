using System.Collections.Concurrent;
using System.Text;
using Newtonsoft.Json;
using Purse.Models;
using Purse.Models.Serialization;

namespace Purse.Testing.Webhooks;

/// <summary>
/// Sends the Payment body on each <c>amounts</c> change: POSTed to the payment's
/// <c>webhook.url</c> (or <see cref="EmulatorOptions.WebhookUrl"/>), then handed to
/// <see cref="EmulatorOptions.WebhookDelegate"/>. Deliveries are awaited before the API call
/// that caused them answers, so a test sees them at once; a failing receiver is recorded in
/// <see cref="Deliveries"/> and never fails the API call.
/// </summary>
internal sealed class WebhookDispatcher(EmulatorOptions options) : IDisposable
{
    private readonly ConcurrentQueue<WebhookDelivery> _deliveries = new();
    private readonly Lazy<HttpClient> _ownClient = new(() => new HttpClient());

    public IReadOnlyList<WebhookDelivery> Deliveries => _deliveries.ToArray();

    public async Task NotifyAsync(Payment payment, CancellationToken cancellationToken)
    {
        var version = payment.Version ?? 0;
        var url = payment.Webhook?.Url ?? options.WebhookUrl;
        if (url is not null)
        {
            _deliveries.Enqueue(await PostAsync(url, payment, version, cancellationToken).ConfigureAwait(false));
        }
        if (options.WebhookDelegate is { } callback)
        {
            string? error = null;
            try
            {
                await callback(payment, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = exception.GetType().Name + ": " + exception.Message;
            }
            _deliveries.Enqueue(new WebhookDelivery(payment.Id, version, null, null, error));
        }
    }

    private async Task<WebhookDelivery> PostAsync(Uri url, Payment payment, long version, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.WebhookTimeout);
        try
        {
            using var content = new StringContent(JsonConvert.SerializeObject(payment, PurseJson.Settings), Encoding.UTF8, "application/json");
            var client = options.WebhookHttpClient ?? _ownClient.Value;
            using var response = await client.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
            return new WebhookDelivery(payment.Id, version, url, (int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookDelivery(payment.Id, version, url, null, $"No answer within {options.WebhookTimeout}.");
        }
        catch (HttpRequestException exception)
        {
            return new WebhookDelivery(payment.Id, version, url, null, "HttpRequestException: " + exception.Message);
        }
    }

    public void Dispose()
    {
        if (_ownClient.IsValueCreated)
        {
            _ownClient.Value.Dispose();
        }
    }
}
