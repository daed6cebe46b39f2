namespace Purse.Testing.Webhooks;

/// <summary>
/// One webhook delivery attempt: which stream, which resource (payment or payment link) at
/// which version, where (<see cref="Url"/>, or null for <see cref="EmulatorOptions.WebhookDelegate"/>),
/// which attempt (1 = first; retries follow <see cref="EmulatorOptions.WebhookRetryDelays"/>),
/// how it went, and the JSON body sent.
/// </summary>
public sealed record WebhookDelivery(
    WebhookStream Stream,
    Guid ResourceId,
    long Version,
    Uri? Url,
    int Attempt,
    int? StatusCode,
    string? Error,
    string Body
)
{
    /// <summary>True when the receiver took it (a 2xx, or the delegate returned normally).</summary>
    public bool Succeeded => Error is null && (StatusCode is null || StatusCode is >= 200 and < 300);
}
