using Purse.Models;

namespace Purse;

/// <summary>
/// Webhooks: Purse POSTs the payment (the Get Payment body) whenever its amounts change.
/// No signature scheme is published for v2, so a body proves nothing by itself: confirm it
/// with <see cref="VerifyByRefetchAsync"/> before acting on it.
/// </summary>
public interface IPurseWebhooks
{
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
