using Purse.Models;

namespace Purse;

/// <summary>
/// Capture, refund and void given the <see cref="Payment"/> last read: the currency and the
/// available amount are checked before anything is sent.
/// </summary>
public static class PaymentsExtensions
{
    /// <summary>Captures <paramref name="amount"/>, refusing more than <c>amounts.available_to_capture</c>.</summary>
    public static Task<Payment> CaptureAsync(this IPayments payments, Payment payment, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payments);
        Check(payment, amount, payment?.Amounts?.AvailableToCapture, "available_to_capture");
        return payments.CaptureAsync(payment!.Id, amount, options, cancellationToken);
    }

    /// <summary>Refunds <paramref name="amount"/>, refusing more than <c>amounts.available_to_refund</c>.</summary>
    public static Task<Payment> RefundAsync(this IPayments payments, Payment payment, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payments);
        Check(payment, amount, payment?.Amounts?.AvailableToRefund, "available_to_refund");
        return payments.RefundAsync(payment!.Id, amount, options, cancellationToken);
    }

    /// <summary>Voids <paramref name="amount"/>, refusing more than <c>amounts.available_to_void</c>.</summary>
    public static Task<Payment> VoidAsync(this IPayments payments, Payment payment, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payments);
        Check(payment, amount, payment?.Amounts?.AvailableToVoid, "available_to_void");
        return payments.VoidAsync(payment!.Id, amount, options, cancellationToken);
    }

    private static void Check(Payment? payment, Money amount, long? available, string availableField)
    {
        ArgumentNullException.ThrowIfNull(payment);
        RequestChecks.PositiveAmount(amount);
        if (payment.Currency is not { } currency || string.IsNullOrEmpty(currency.Value))
        {
            throw new PurseInvalidRequestException("payment.currency", "The payment has no currency, so the amount cannot be checked against it; read the payment again.");
        }
        if (currency != amount.Currency)
        {
            throw new PurseInvalidRequestException("amount.currency", $"The payment is in {currency.Value}, the amount in {amount.Currency.Value}.");
        }
        if (available is { } limit && amount.MinorUnits > limit)
        {
            throw new PurseInvalidRequestException("amount", $"{amount.MinorUnits} minor units is more than the payment's {availableField} ({limit}).");
        }
    }
}
