namespace Purse;

/// <summary>
/// The Purse Payment API v2, grouped as the API is. Obtain it from dependency injection
/// (<c>services.AddPurseClient(...)</c>); it is an interface so that merchant code can mock it.
/// Every call authenticates itself (OAuth2 bearer token and API key) and fails with a
/// <see cref="PurseException"/> subtype, never with a raw HTTP or JSON exception.
/// </summary>
public interface IPurseClient
{
    /// <summary>Client sessions: what the merchant's payment page is built from.</summary>
    IClientSessions ClientSessions { get; }

    /// <summary>Payments: create, read, capture, refund, void.</summary>
    IPayments Payments { get; }

    /// <summary>Payment links.</summary>
    IPaymentLinks PaymentLinks { get; }

    /// <summary>Which partners and methods can pay a given order.</summary>
    IEligibleSolutions EligibleSolutions { get; }

    /// <summary>Verifies the signed <c>purse-redirection-data</c> a shopper brings back.</summary>
    IRedirectionVerifier Redirection { get; }

    /// <summary>Reads webhook bodies and confirms them against Purse.</summary>
    IPurseWebhooks Webhooks { get; }
}
