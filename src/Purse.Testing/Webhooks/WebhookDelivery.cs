namespace Purse.Testing.Webhooks;

/// <summary>
/// One webhook the emulator sent: to a URL (<see cref="Url"/> set) or to the delegate
/// (<see cref="Url"/> null), for which payment version, and how it went.
/// </summary>
public sealed record WebhookDelivery(Guid PaymentId, long Version, Uri? Url, int? StatusCode, string? Error)
{
    /// <summary>True when the receiver took it (a 2xx, or the delegate returned normally).</summary>
    public bool Succeeded => Error is null && (StatusCode is null || StatusCode is >= 200 and < 300);
}
