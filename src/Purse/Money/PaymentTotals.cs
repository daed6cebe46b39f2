namespace Purse;

/// <summary>
/// A payment's <c>amounts</c> as <see cref="Money"/> in its currency: what was authorized, captured, refunded and
/// voided, and what can still be captured, refunded and voided (<see cref="PaymentMoneyExtensions.Totals"/>).
/// </summary>
/// <param name="Authorized"><c>total_authorized</c>.</param>
/// <param name="Captured"><c>total_captured</c>.</param>
/// <param name="Refunded"><c>total_refunded</c>.</param>
/// <param name="Voided"><c>total_voided</c>.</param>
/// <param name="ToCapture"><c>available_to_capture</c>.</param>
/// <param name="ToRefund"><c>available_to_refund</c>.</param>
/// <param name="ToVoid"><c>available_to_void</c>.</param>
/// <param name="AuthorizePending">
/// <c>authorize_pending</c>: still waiting for an authorization answer; null when the payment does not say (the
/// tutorial documents it, the reference's example has no such field).
/// </param>
public sealed record PaymentTotals(
    Money Authorized,
    Money Captured,
    Money Refunded,
    Money Voided,
    Money ToCapture,
    Money ToRefund,
    Money ToVoid,
    Money? AuthorizePending
)
{
    /// <summary>
    /// E.g. <c>authorized 42.99 EUR, captured 30.00 EUR, refunded 10.00 EUR, voided 0.00 EUR, to capture 12.99 EUR,
    /// to refund 20.00 EUR, to void 12.99 EUR</c> (without <see cref="AuthorizePending"/>).
    /// </summary>
    public override string ToString() =>
        $"authorized {Authorized}, captured {Captured}, refunded {Refunded}, voided {Voided}, "
        + $"to capture {ToCapture}, to refund {ToRefund}, to void {ToVoid}";
}
