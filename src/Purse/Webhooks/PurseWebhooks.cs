using System.Net;
using Newtonsoft.Json;
using Purse.Models;
using Purse.Models.Serialization;

namespace Purse;

/// <summary>
/// Webhook parsing and verification by re-fetch. Purse publishes no webhook signature for v2,
/// so anyone who learns the webhook URL can POST a payment that looks authorized; the only
/// proof is Purse's own answer to Get Payment, read fresh.
/// </summary>
internal sealed class PurseWebhooks : IPurseWebhooks
{
    // Enough text around a parse error to see what arrived, not a whole payment (which names
    // the shopper) in an exception message.
    private const int ExcerptRadius = 40;

    private readonly IPayments _payments;
    private readonly Lazy<HashSet<IPAddress>> _sources;

    public PurseWebhooks(IPayments payments, Func<IReadOnlyList<string>> sourceAddresses)
    {
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(sourceAddresses);
        _payments = payments;
        // Read on first use: the options are validated then (each entry is an IP address).
        _sources = new Lazy<HashSet<IPAddress>>(() => [.. sourceAddresses().Select(a => Normalise(IPAddress.Parse(a)))]);
    }

    public bool IsFromPurse(IPAddress remoteAddress)
    {
        ArgumentNullException.ThrowIfNull(remoteAddress);
        return _sources.Value.Contains(Normalise(remoteAddress));
    }

    // Kestrel on a dual-stack socket reports an IPv4 sender as ::ffff:a.b.c.d.
    private static IPAddress Normalise(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public Payment Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new PurseWebhookException("The webhook body is empty; Purse sends the payment as JSON.");
        }

        Payment? payment;
        try
        {
            payment = JsonConvert.DeserializeObject<Payment>(body, PurseJson.Settings);
        }
        catch (JsonException exception)
        {
            var (line, position) = exception switch
            {
                JsonReaderException reader => (reader.LineNumber, reader.LinePosition),
                JsonSerializationException serialization => (serialization.LineNumber, serialization.LinePosition),
                _ => (0, 0),
            };
            throw new PurseWebhookException(
                $"The webhook body is not a Purse payment: {FirstLine(exception.Message)} Near: «{Excerpt(body, line, position)}».",
                exception);
        }

        if (payment is null)
        {
            throw new PurseWebhookException("The webhook body is JSON null, not a payment.");
        }
        if (payment.Id == Guid.Empty)
        {
            throw new PurseWebhookException("The webhook body names no payment: its 'id' is the empty UUID.");
        }
        return payment;
    }

    public async Task<Payment> VerifyByRefetchAsync(Payment webhookPayment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhookPayment);
        if (webhookPayment.Id == Guid.Empty)
        {
            throw new PurseWebhookException("The webhook payment has no id to re-fetch.");
        }

        // maxAge: null sends no Cache-Control max-age: Purse answers from the partners, not from a copy.
        var authoritative = await _payments.GetAsync(webhookPayment.Id, maxAge: null, cancellationToken).ConfigureAwait(false);
        if (authoritative.Id != webhookPayment.Id)
        {
            throw new PurseWebhookException(
                $"Re-fetching payment {webhookPayment.Id} returned payment {authoritative.Id}; the webhook is not confirmed.");
        }
        return authoritative;
    }

    public async Task<Payment> ParseAndVerifyAsync(string body, CancellationToken cancellationToken = default) =>
        await VerifyByRefetchAsync(Parse(body), cancellationToken).ConfigureAwait(false);

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n');
        return (end < 0 ? message : message[..end]).TrimEnd('\r');
    }

    /// <summary>The text around (line, position), both 1-based as Newtonsoft reports them, on one line.</summary>
    internal static string Excerpt(string body, int line, int position)
    {
        var offset = 0;
        for (var current = 1; current < line && offset < body.Length; current++)
        {
            var next = body.IndexOf('\n', offset);
            if (next < 0)
            {
                break;
            }
            offset = next + 1;
        }
        offset = Math.Clamp(offset + Math.Max(position - 1, 0), 0, body.Length);
        var start = Math.Max(0, offset - ExcerptRadius);
        var end = Math.Min(body.Length, offset + ExcerptRadius);
        var excerpt = body[start..end].ReplaceLineEndings(" ");
        return (start > 0 ? "…" : "") + excerpt + (end < body.Length ? "…" : "");
    }
}
