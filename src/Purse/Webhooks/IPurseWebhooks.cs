namespace Purse;

/// <summary>
/// Webhooks: Purse POSTs the payment (the Get Payment body) whenever its amounts change.
/// No signature scheme is published for v2, so a body proves nothing by itself: confirm it
/// with <see cref="VerifyByRefetchAsync"/> before acting on it.
/// </summary>
public interface IPurseWebhooks
{
    /// <summary>
    /// Whether <paramref name="remoteAddress"/> is one of the addresses Purse sends webhooks from
    /// (documented per environment on https://docs.purse.tech/docs/references/convention; overridable with
    /// <see cref="PurseClientOptions.WebhookSourceAddresses"/>). Defence in depth beside
    /// <see cref="VerifyByRefetchAsync"/>, never instead of it: refuse the request when this is false,
    /// and still act only on the re-fetched payment when it is true. Pass the address of the TCP peer
    /// (ASP.NET Core: <c>HttpContext.Connection.RemoteIpAddress</c>); behind a reverse proxy, pass the
    /// client address your proxy vouches for. Forwarded headers are not read here: anyone can send them.
    /// An IPv4-mapped IPv6 address (<c>::ffff:34.22.174.22</c>) matches its IPv4 form.
    /// </summary>
    bool IsFromPurse(IPAddress remoteAddress);

    /// <summary>Parses a webhook body into a <see cref="Payment"/>, tolerating unknown fields and values.</summary>
    Payment Parse(string body);

    /// <summary>
    /// Re-reads the payment named by a webhook from Purse, bypassing any cache, and returns
    /// that authoritative state.
    /// </summary>
    Task<Payment> VerifyByRefetchAsync(Payment webhookPayment, CancellationToken cancellationToken = default);

    /// <summary>
    /// The safe path in one call: <see cref="Parse"/> the body, then <see cref="VerifyByRefetchAsync"/>
    /// and return Purse's authoritative payment. Act on the result, never on the body.
    /// </summary>
    Task<Payment> ParseAndVerifyAsync(string body, CancellationToken cancellationToken = default);
}
