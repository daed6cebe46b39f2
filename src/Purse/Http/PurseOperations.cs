namespace Purse;

/// <summary>
/// Every operation the facade calls, as the spec names them (<c>openapi/purse-payment-v2.json</c>). A new operation
/// is added here, then called by its service in one line (<c>caller.CallAsync(PurseOperations.X, ...)</c>).
/// </summary>
internal static class PurseOperations
{
    public static readonly PurseOperation CreateClientSession = new(
        HttpMethod.Post,
        "payment/v2/client-sessions",
        "createClientSession",
        OperationKind.KeyedWriteOnce
    );

    public static readonly PurseOperation GetClientSession = new(
        HttpMethod.Get,
        "payment/v2/client-sessions/{id}",
        "getClientSession",
        OperationKind.Read
    );

    public static readonly PurseOperation AbortClientSession = new(
        HttpMethod.Post,
        "payment/v2/client-sessions/{id}/abort",
        "abortClientSession",
        OperationKind.KeyedWriteOnce
    );

    public static readonly PurseOperation CheckEligibleSolutions = new(
        HttpMethod.Post,
        "payment/v2/eligible-solutions",
        "checkEligibleSolutions",
        OperationKind.Read
    );

    public static readonly PurseOperation CreatePaymentLink = new(
        HttpMethod.Post,
        "payment/v2/payment-links",
        "createPaymentLink",
        OperationKind.KeyedWriteOnce
    );

    public static readonly PurseOperation GetPaymentLink = new(
        HttpMethod.Get,
        "payment/v2/payment-links/{id}",
        "getPaymentLink",
        OperationKind.Read
    );

    public static readonly PurseOperation CreatePayment = new(
        HttpMethod.Post,
        "payment/v2/payments",
        "createPayment",
        OperationKind.KeyedWriteOnce
    );

    public static readonly PurseOperation GetPayment = new(
        HttpMethod.Get,
        "payment/v2/payments/{id}",
        "getPayment",
        OperationKind.Read
    );

    public static readonly PurseOperation CapturePayment = new(
        HttpMethod.Post,
        "payment/v2/payments/{id}/captures",
        "capturePayment",
        OperationKind.KeyedWrite
    );

    public static readonly PurseOperation RefundPayment = new(
        HttpMethod.Post,
        "payment/v2/payments/{id}/refunds",
        "refundPayment",
        OperationKind.KeyedWrite
    );

    public static readonly PurseOperation VoidPayment = new(
        HttpMethod.Post,
        "payment/v2/payments/{id}/voids",
        "voidPayment",
        OperationKind.KeyedWrite
    );

    public static readonly PurseOperation GetSigningJwks = new(
        HttpMethod.Get,
        "payment/v2/signing-jwks",
        "getSigningJwks",
        OperationKind.Read
    );
}
