namespace Purse;

/// <summary>
/// <see cref="IPayments"/> given the <see cref="Payment"/> last read (capture, refund and void: the currency and the
/// available amount are checked before anything is sent), and every call as <c>(arguments, cancellationToken)</c>
/// where its optional arguments come before the token (<c>GetAsync(id, ct)</c> rather than
/// <c>GetAsync(id, maxAge: null, ct)</c>). Extension methods, so that the interface, and the mocks merchants make of
/// it, stay as they are.
/// </summary>
public static class PaymentsExtensions
{
    /// <summary>Reads a payment fresh, without <c>Cache-Control: max-age</c> (see
    /// <see cref="IPayments.GetAsync"/>).</summary>
    public static Task<Payment> GetAsync(
        this IPayments payments,
        Guid paymentId,
        CancellationToken cancellationToken
    ) => NotNull(payments).GetAsync(paymentId, maxAge: null, cancellationToken);

    /// <summary>Captures <paramref name="amount"/> of an authorized payment, without options.</summary>
    public static Task<Payment> CaptureAsync(
        this IPayments payments,
        Guid paymentId,
        Money amount,
        CancellationToken cancellationToken
    ) => NotNull(payments).CaptureAsync(paymentId, amount, options: null, cancellationToken);

    /// <summary>Refunds <paramref name="amount"/> of what was captured, without options.</summary>
    public static Task<Payment> RefundAsync(
        this IPayments payments,
        Guid paymentId,
        Money amount,
        CancellationToken cancellationToken
    ) => NotNull(payments).RefundAsync(paymentId, amount, options: null, cancellationToken);

    /// <summary>Voids <paramref name="amount"/> of what is authorized and not captured, without options.</summary>
    public static Task<Payment> VoidAsync(
        this IPayments payments,
        Guid paymentId,
        Money amount,
        CancellationToken cancellationToken
    ) => NotNull(payments).VoidAsync(paymentId, amount, options: null, cancellationToken);

    /// <summary>Captures <paramref name="amount"/> of <paramref name="payment"/>, checked against it, without
    /// options.</summary>
    public static Task<Payment> CaptureAsync(
        this IPayments payments,
        Payment payment,
        Money amount,
        CancellationToken cancellationToken
    ) => CaptureAsync(payments, payment, amount, options: null, cancellationToken);

    /// <summary>Refunds <paramref name="amount"/> of <paramref name="payment"/>, checked against it, without
    /// options.</summary>
    public static Task<Payment> RefundAsync(
        this IPayments payments,
        Payment payment,
        Money amount,
        CancellationToken cancellationToken
    ) => RefundAsync(payments, payment, amount, options: null, cancellationToken);

    /// <summary>Voids <paramref name="amount"/> of <paramref name="payment"/>, checked against it, without
    /// options.</summary>
    public static Task<Payment> VoidAsync(
        this IPayments payments,
        Payment payment,
        Money amount,
        CancellationToken cancellationToken
    ) => VoidAsync(payments, payment, amount, options: null, cancellationToken);

    /// <summary>
    /// Captures <paramref name="amount"/>, refusing more than <c>amounts.available_to_capture</c> before sending. To
    /// resume a call whose outcome was unknown, use the overload that takes the payment's id, with the same key.
    /// </summary>
    public static Task<Payment> CaptureAsync(
        this IPayments payments,
        Payment payment,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    ) =>
        Checked(payments, payment, amount, options, p => p.Amounts?.AvailableToCapture, "available_to_capture")
            .CaptureAsync(payment.Id, amount, options, cancellationToken);

    /// <summary>
    /// Refunds <paramref name="amount"/>, refusing more than <c>amounts.available_to_refund</c> before sending. To
    /// resume a call whose outcome was unknown, use the overload that takes the payment's id, with the same key.
    /// </summary>
    public static Task<Payment> RefundAsync(
        this IPayments payments,
        Payment payment,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    ) =>
        Checked(payments, payment, amount, options, p => p.Amounts?.AvailableToRefund, "available_to_refund")
            .RefundAsync(payment.Id, amount, options, cancellationToken);

    /// <summary>
    /// Voids <paramref name="amount"/>, refusing more than <c>amounts.available_to_void</c> before sending. To
    /// resume a call whose outcome was unknown, use the overload that takes the payment's id, with the same key.
    /// </summary>
    public static Task<Payment> VoidAsync(
        this IPayments payments,
        Payment payment,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    ) =>
        Checked(payments, payment, amount, options, p => p.Amounts?.AvailableToVoid, "available_to_void")
            .VoidAsync(payment.Id, amount, options, cancellationToken);

    /// <summary><paramref name="payments"/>, once the amount is checked against <paramref name="payment"/>.</summary>
    private static IPayments Checked(
        IPayments payments,
        Payment payment,
        Money amount,
        PaymentOperationOptions? options,
        Func<Payment, long?> available,
        string availableField
    )
    {
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(payment);
        RequestChecks.PositiveAmount(amount);
        if (payment.Currency is not { } currency || string.IsNullOrEmpty(currency.Value))
        {
            throw new PurseInvalidRequestException(
                "payment.currency",
                "The payment has no currency, so the amount cannot be checked against it; read the payment again."
            );
        }
        if (currency != amount.Currency)
        {
            throw new PurseInvalidRequestException(
                "amount.currency",
                $"The payment is in {currency.Value}, the amount ({amount}) in {amount.Currency.Value}."
            );
        }
        OrderCurrency.Check(options?.Order, currency, "the payment");
        // In the caller's terms: Money, as given, and the limit in the payment's currency.
        if (available(payment) is { } limit && amount.MinorUnits > limit)
        {
            var limitMoney = Money.FromMinorUnits(limit, currency);
            throw new PurseInvalidRequestException(
                "amount",
                $"{amount} is more than the payment's {availableField} ({limitMoney}).{Resume(options)}"
            );
        }
        return payments;
    }

    /// <summary>
    /// Where the caller gave a key, how to resume: a payment read after an earlier call with that key carried the
    /// operation out shows nothing left, so this check cannot tell; the call by the payment's id lets Purse answer.
    /// </summary>
    private static string Resume(PaymentOperationOptions? options) =>
        options?.IdempotencyKey is null
            ? ""
            : " If an earlier call with this idempotency key may have carried it out (its outcome was unknown), "
                + "call again by the payment's id (CaptureAsync(payment.Id, ...), and so on) with the same options: "
                + "Purse answers with that earlier result.";

    private static T NotNull<T>(
        T? service,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(service))] string? name = null
    )
        where T : class => service ?? throw new ArgumentNullException(name);
}
