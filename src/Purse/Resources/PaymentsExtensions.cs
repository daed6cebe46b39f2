namespace Purse;

/// <summary>
/// Capture, refund and void given the <see cref="Payment"/> last read: the currency and the
/// available amount are checked before anything is sent.
/// </summary>
public static class PaymentsExtensions
{
    /// <summary>Captures <paramref name="amount"/>, refusing more than <c>amounts.available_to_capture</c>.</summary>
    public static Task<Payment> CaptureAsync(
        this IPayments payments,
        Payment payment,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Checked(payments, payment, amount, options, p => p.Amounts?.AvailableToCapture, "available_to_capture")
            .CaptureAsync(payment.Id, amount, options, cancellationToken);

    /// <summary>Refunds <paramref name="amount"/>, refusing more than <c>amounts.available_to_refund</c>.</summary>
    public static Task<Payment> RefundAsync(
        this IPayments payments,
        Payment payment,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Checked(payments, payment, amount, options, p => p.Amounts?.AvailableToRefund, "available_to_refund")
            .RefundAsync(payment.Id, amount, options, cancellationToken);

    /// <summary>Voids <paramref name="amount"/>, refusing more than <c>amounts.available_to_void</c>.</summary>
    public static Task<Payment> VoidAsync(
        this IPayments payments,
        Payment payment,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Checked(payments, payment, amount, options, p => p.Amounts?.AvailableToVoid, "available_to_void")
            .VoidAsync(payment.Id, amount, options, cancellationToken);

    /// <summary><paramref name="payments"/>, once the amount is checked against <paramref name="payment"/>.</summary>
    private static IPayments Checked(
        IPayments payments,
        Payment payment,
        Money amount,
        PaymentOperationOptions? options,
        Func<Payment, long?> available,
        string availableField)
    {
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(payment);
        RequestChecks.PositiveAmount(amount);
        if (payment.Currency is not { } currency || string.IsNullOrEmpty(currency.Value))
        {
            throw new PurseInvalidRequestException(
                "payment.currency",
                "The payment has no currency, so the amount cannot be checked against it; read the payment again.");
        }
        if (currency != amount.Currency)
        {
            throw new PurseInvalidRequestException(
                "amount.currency",
                $"The payment is in {currency.Value}, the amount ({amount}) in {amount.Currency.Value}.");
        }
        OrderCurrency.Check(options?.Order, currency, "the payment");
        // In the caller's terms: Money, as given, and the limit in the payment's currency.
        if (available(payment) is { } limit && amount.MinorUnits > limit)
        {
            var limitMoney = Money.FromMinorUnits(limit, currency);
            throw new PurseInvalidRequestException(
                "amount", $"{amount} is more than the payment's {availableField} ({limitMoney}).");
        }
        return payments;
    }
}
