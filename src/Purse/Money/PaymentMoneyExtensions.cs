using static Purse.MoneyResponses;

namespace Purse;

/// <summary>
/// A payment's amounts as <see cref="Money"/>, in its currency, and a payment request's amount set from
/// <see cref="Money"/>: no caller converts minor units by hand (the <c>* 100</c> that turns 4299 JPY into 429900).
/// </summary>
public static class PaymentMoneyExtensions
{
    /// <summary>The payment's amount.</summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no amount or currency.</exception>
    public static Money GetAmount(this Payment payment) =>
        Read(NotNull(payment).Amount, payment.Currency, "amount", "payment");

    /// <summary>What can still be captured (<c>amounts.available_to_capture</c>), in the payment's currency.</summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no currency or no such amount.</exception>
    public static Money GetAvailableToCapture(this Payment payment) =>
        Remainder(payment, payment?.Amounts?.AvailableToCapture, "amounts.available_to_capture");

    /// <summary>What can still be refunded (<c>amounts.available_to_refund</c>), in the payment's currency.</summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no currency or no such amount.</exception>
    public static Money GetAvailableToRefund(this Payment payment) =>
        Remainder(payment, payment?.Amounts?.AvailableToRefund, "amounts.available_to_refund");

    /// <summary>What can still be voided (<c>amounts.available_to_void</c>), in the payment's currency.</summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no currency or no such amount.</exception>
    public static Money GetAvailableToVoid(this Payment payment) =>
        Remainder(payment, payment?.Amounts?.AvailableToVoid, "amounts.available_to_void");

    /// <summary>
    /// What is still waiting for an authorization answer (<c>amounts.authorize_pending</c>, documented on
    /// https://docs.purse.tech/docs/integrate/purse-api/tutorials/payment-operations), in the payment's currency.
    /// </summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no currency or no such amount.</exception>
    public static Money GetAuthorizePending(this Payment payment) =>
        Remainder(payment, payment?.Amounts?.AuthorizePending, "amounts.authorize_pending");

    /// <summary>
    /// All of the payment's <c>amounts</c> as <see cref="Money"/> in its currency: captured, refunded, voided, what can
    /// still be captured, refunded and voided, and what awaits authorization.
    /// </summary>
    /// <exception cref="PurseIncompleteResponseException">
    /// The payment has no currency, no <c>amounts</c>, or one of its amounts is missing (<c>Field</c> names it;
    /// <c>authorize_pending</c> may be missing: <see cref="PaymentTotals.AuthorizePending"/> is null then).
    /// </exception>
    public static PaymentTotals Totals(this Payment payment)
    {
        var amounts = NotNull(payment).Amounts
            ?? throw new PurseIncompleteResponseException(
                "amounts",
                "the payment has no amounts; it may not be authorized yet."
            );
        return new PaymentTotals(
            Authorized: Remainder(payment, amounts.TotalAuthorized, "amounts.total_authorized"),
            Captured: Remainder(payment, amounts.TotalCaptured, "amounts.total_captured"),
            Refunded: Remainder(payment, amounts.TotalRefunded, "amounts.total_refunded"),
            Voided: Remainder(payment, amounts.TotalVoided, "amounts.total_voided"),
            ToCapture: Remainder(payment, amounts.AvailableToCapture, "amounts.available_to_capture"),
            ToRefund: Remainder(payment, amounts.AvailableToRefund, "amounts.available_to_refund"),
            ToVoid: Remainder(payment, amounts.AvailableToVoid, "amounts.available_to_void"),
            AuthorizePending: amounts.AuthorizePending is null ? null : payment.GetAuthorizePending()
        );
    }

    /// <summary>The request's amount and currency.</summary>
    public static Money GetAmount(this CreatePaymentRequest request) =>
        Money.FromMinorUnits(NotNull(request).Amount, request.Currency);

    /// <summary>Sets the request's <c>amount</c> (minor units) and <c>currency</c> from
    /// <paramref name="amount"/>.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static CreatePaymentRequest SetAmount(this CreatePaymentRequest request, Money amount) =>
        Fluent.Set(request, r => (r.Amount, r.Currency) = Pair(amount));

    private static Money Remainder(Payment payment, long? minorUnits, string field) =>
        Read(minorUnits, NotNull(payment).Currency, field, "payment", "; it may not be authorized yet");
}
