using Purse.Models;

namespace Purse.Testing;

/// <summary>
/// What <see cref="EmulatorOptions.Authorize"/> decides on: one split item of a payment
/// (partner, method, amount) and the payment's request as sent.
/// </summary>
public sealed record AuthorizationScenario(
    string Partner,
    string Method,
    long Amount,
    Currency Currency,
    CreatePaymentRequest Request
);
