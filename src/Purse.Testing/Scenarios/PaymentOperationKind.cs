namespace Purse.Testing;

/// <summary>The three payment operations Purse orchestrates across the partners of a split.</summary>
public enum PaymentOperationKind
{
    /// <summary>POST /payments/{id}/captures.</summary>
    Capture,

    /// <summary>POST /payments/{id}/refunds.</summary>
    Refund,

    /// <summary>POST /payments/{id}/voids.</summary>
    Void,
}
