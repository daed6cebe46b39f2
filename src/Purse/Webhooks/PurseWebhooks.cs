using Newtonsoft.Json;
using Purse.Models.Serialization;

namespace Purse;

/// <summary>
/// Webhook parsing and verification by re-fetch. Purse publishes no webhook signature for v2,
/// so anyone who learns the webhook URL can POST a payment that looks authorized; the only
/// proof is Purse's own answer to Get Payment, read fresh.
/// </summary>
internal sealed class PurseWebhooks(IPayments payments, Func<IReadOnlyList<string>> sourceAddresses) : IPurseWebhooks
{
    // Enough text around a parse error to see what arrived, not a whole payment (which names the shopper).
    private const int ExcerptRadius = 40;

    // Read on first use: the options are validated then (each entry is an IP address).
    private readonly Lazy<HashSet<IPAddress>> _sources = new(() =>
        [.. sourceAddresses().Select(a => Normalise(IPAddress.Parse(a)))]
    );

    public bool IsFromPurse(IPAddress remoteAddress) =>
        _sources.Value.Contains(Normalise(remoteAddress ?? throw new ArgumentNullException(nameof(remoteAddress))));

    // Kestrel on a dual-stack socket reports an IPv4 sender as ::ffff:a.b.c.d.
    private static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public Payment Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrWhiteSpace(body))
            throw new PurseWebhookException("The webhook body is empty; Purse sends the payment as JSON.");
        try
        {
            var payment = JsonConvert.DeserializeObject<Payment>(body, PurseJson.Settings)
                ?? throw new PurseWebhookException("The webhook body is JSON null, not a payment.");
            return payment.Id != Guid.Empty
                ? payment
                : throw new PurseWebhookException("The webhook body names no payment: its 'id' is the empty UUID.");
        }
        catch (JsonException exception)
        {
            var firstLine = exception.Message.Split('\n')[0].TrimEnd('\r');
            throw new PurseWebhookException(
                $"The webhook body is not a Purse payment: {firstLine} Near: «{Excerpt(body, exception)}».",
                exception
            );
        }
    }

    public async Task<Payment> VerifyByRefetchAsync(
        Payment webhookPayment,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(webhookPayment);
        if (webhookPayment.Id == Guid.Empty)
            throw new PurseWebhookException("The webhook payment has no id to re-fetch.");
        // maxAge: null sends no Cache-Control max-age: Purse answers from the partners, not from a copy.
        var authoritative = await payments
            .GetAsync(webhookPayment.Id, maxAge: null, cancellationToken)
            .ConfigureAwait(false);
        return authoritative.Id == webhookPayment.Id
            ? authoritative
            : throw new PurseWebhookException(
                $"Re-fetching payment {webhookPayment.Id} returned payment {authoritative.Id}; the webhook is not "
                    + "confirmed."
            );
    }

    public async Task<Payment> ParseAndVerifyAsync(string body, CancellationToken cancellationToken = default) =>
        await VerifyByRefetchAsync(Parse(body), cancellationToken).ConfigureAwait(false);

    /// <summary>The text around the error's position (line and position are 1-based in Newtonsoft), on one
    /// line.</summary>
    private static string Excerpt(string body, JsonException exception)
    {
        var (line, position) = exception switch
        {
            JsonReaderException e => (e.LineNumber, e.LinePosition),
            JsonSerializationException e => (e.LineNumber, e.LinePosition),
            _ => (0, 0),
        };
        var offset = Math.Min(
            body.Length,
            body.Split('\n').Take(line - 1).Sum(text => text.Length + 1) + Math.Max(position - 1, 0)
        );
        var (start, end) = (Math.Max(0, offset - ExcerptRadius), Math.Min(body.Length, offset + ExcerptRadius));
        return (start > 0 ? "…" : "") + body[start..end].ReplaceLineEndings(" ") + (end < body.Length ? "…" : "");
    }
}
