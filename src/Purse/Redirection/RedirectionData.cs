namespace Purse;

/// <summary>The verified claims of a <c>purse-redirection-data</c> token.</summary>
public sealed record RedirectionData(
    Guid ClientSessionId,
    Guid PaymentId,
    AuthorizationStatus AuthorizationStatus,
    ClientSessionStatus ClientSessionStatus
);
