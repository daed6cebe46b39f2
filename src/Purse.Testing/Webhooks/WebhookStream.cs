namespace Purse.Testing.Webhooks;

/// <summary>Which of Purse's webhook streams a delivery belongs to.</summary>
public enum WebhookStream
{
    /// <summary>A payment's <c>amounts</c> changed; the body is Get Payment.</summary>
    Payment,

    /// <summary>A payment link changed (an attempt recorded, PAID); the body is Get Payment Link.</summary>
    PaymentLinkStatus,

    /// <summary>A shopper attempted to pay through a link; the body is the attempt's Get Payment.</summary>
    PaymentLinkAttempt,
}
