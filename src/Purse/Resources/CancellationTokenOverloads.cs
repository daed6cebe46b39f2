namespace Purse;

/// <summary>
/// Every call as <c>(arguments, cancellationToken)</c>: the overloads of the calls whose optional
/// arguments come before the token (<c>Payments.GetAsync(id, ct)</c> rather than
/// <c>GetAsync(id, maxAge: null, ct)</c>). Extension methods, so that the interfaces, and the mocks
/// merchants make of them, stay as they are.
/// </summary>
public static class CancellationTokenOverloads
{
    /// <summary>Aborts a client session as the merchant (see <see cref="IClientSessions.AbortAsync(Guid, ClientSessionAbortStatus?, CancellationToken)"/>).</summary>
    public static Task<ClientSession> AbortAsync(this IClientSessions clientSessions, Guid clientSessionId, CancellationToken cancellationToken) =>
        NotNull(clientSessions).AbortAsync(clientSessionId, status: null, cancellationToken);

    /// <summary>Reads a payment fresh, without <c>Cache-Control: max-age</c> (see <see cref="IPayments.GetAsync"/>).</summary>
    public static Task<Payment> GetAsync(this IPayments payments, Guid paymentId, CancellationToken cancellationToken) =>
        NotNull(payments).GetAsync(paymentId, maxAge: null, cancellationToken);

    /// <summary>Captures <paramref name="amount"/> of an authorized payment, without options.</summary>
    public static Task<Payment> CaptureAsync(this IPayments payments, Guid paymentId, Money amount, CancellationToken cancellationToken) =>
        NotNull(payments).CaptureAsync(paymentId, amount, options: null, cancellationToken);

    /// <summary>Refunds <paramref name="amount"/> of what was captured, without options.</summary>
    public static Task<Payment> RefundAsync(this IPayments payments, Guid paymentId, Money amount, CancellationToken cancellationToken) =>
        NotNull(payments).RefundAsync(paymentId, amount, options: null, cancellationToken);

    /// <summary>Voids <paramref name="amount"/> of what is authorized and not captured, without options.</summary>
    public static Task<Payment> VoidAsync(this IPayments payments, Guid paymentId, Money amount, CancellationToken cancellationToken) =>
        NotNull(payments).VoidAsync(paymentId, amount, options: null, cancellationToken);

    /// <summary>Captures <paramref name="amount"/> of <paramref name="payment"/>, checked against it (see <see cref="PaymentsExtensions"/>).</summary>
    public static Task<Payment> CaptureAsync(this IPayments payments, Payment payment, Money amount, CancellationToken cancellationToken) =>
        PaymentsExtensions.CaptureAsync(payments, payment, amount, options: null, cancellationToken);

    /// <summary>Refunds <paramref name="amount"/> of <paramref name="payment"/>, checked against it (see <see cref="PaymentsExtensions"/>).</summary>
    public static Task<Payment> RefundAsync(this IPayments payments, Payment payment, Money amount, CancellationToken cancellationToken) =>
        PaymentsExtensions.RefundAsync(payments, payment, amount, options: null, cancellationToken);

    /// <summary>Voids <paramref name="amount"/> of <paramref name="payment"/>, checked against it (see <see cref="PaymentsExtensions"/>).</summary>
    public static Task<Payment> VoidAsync(this IPayments payments, Payment payment, Money amount, CancellationToken cancellationToken) =>
        PaymentsExtensions.VoidAsync(payments, payment, amount, options: null, cancellationToken);

    private static T NotNull<T>(T? service, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(service))] string? name = null)
        where T : class => service ?? throw new ArgumentNullException(name);
}
