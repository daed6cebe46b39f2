namespace Purse.Testing;

/// <summary>The spec's operationIds, to name an operation in <see cref="EmulatorFaults"/>.</summary>
public static class PurseOperationIds
{
    /// <summary>POST /oauth/token.</summary>
    public const string RequestAccessToken = "requestAccessToken";

    /// <summary>POST /payment/v2/client-sessions.</summary>
    public const string CreateClientSession = "createClientSession";

    /// <summary>GET /payment/v2/client-sessions/{id}.</summary>
    public const string GetClientSession = "getClientSession";

    /// <summary>POST /payment/v2/client-sessions/{id}/abort.</summary>
    public const string AbortClientSession = "abortClientSession";

    /// <summary>POST /payment/v2/eligible-solutions.</summary>
    public const string CheckEligibleSolutions = "checkEligibleSolutions";

    /// <summary>POST /payment/v2/payment-links.</summary>
    public const string CreatePaymentLink = "createPaymentLink";

    /// <summary>GET /payment/v2/payment-links/{id}.</summary>
    public const string GetPaymentLink = "getPaymentLink";

    /// <summary>POST /payment/v2/payments.</summary>
    public const string CreatePayment = "createPayment";

    /// <summary>GET /payment/v2/payments/{id}.</summary>
    public const string GetPayment = "getPayment";

    /// <summary>POST /payment/v2/payments/{id}/captures.</summary>
    public const string CapturePayment = "capturePayment";

    /// <summary>POST /payment/v2/payments/{id}/refunds.</summary>
    public const string RefundPayment = "refundPayment";

    /// <summary>POST /payment/v2/payments/{id}/voids.</summary>
    public const string VoidPayment = "voidPayment";

    /// <summary>GET /payment/v2/signing-jwks.</summary>
    public const string GetSigningJwks = "getSigningJwks";
}
