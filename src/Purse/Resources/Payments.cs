using System.Globalization;
using Purse.Models;

namespace Purse;

internal sealed class Payments : IPayments
{
    private readonly PurseApiCaller _caller;
    private readonly RequestChecks _checks;

    public Payments(PurseApiCaller caller, RequestChecks checks)
    {
        _caller = caller;
        _checks = checks;
    }

    public Task<Payment> CreateAsync(CreatePaymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = _checks.EntityId(request.EntityId);
        SplitValidation.Validate(request);
        RequiredFields.Check(request);
        return _caller.CallAsync("POST payment/v2/payments", isRead: false,
            (raw, ct) => raw.CreatePaymentAsync(request, ct), cancellationToken);
    }

    public Task<Payment> GetAsync(Guid paymentId, TimeSpan? maxAge = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.Id(paymentId, nameof(paymentId));
        if (maxAge < TimeSpan.Zero)
        {
            throw new PurseInvalidRequestException(nameof(maxAge), $"The maximum age cannot be negative (is {maxAge}).");
        }
        var cacheControl = maxAge is { } age
            ? "max-age=" + ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture)
            : null;
        return RequestChecks.SameIdAsync(
            _caller.CallAsync("GET payment/v2/payments/{id}", isRead: true,
                (raw, ct) => raw.GetPaymentAsync(paymentId, cacheControl, ct), cancellationToken),
            paymentId, p => p.Id, "payment");
    }

    public Task<Payment> CaptureAsync(Guid paymentId, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = Operation(paymentId, amount, options);
        return RequestChecks.SameIdAsync(
            _caller.CallAsync("POST payment/v2/payments/{id}/captures", isRead: false,
                (raw, ct) => raw.CapturePaymentAsync(paymentId, body, ct), cancellationToken),
            paymentId, p => p.Id, "payment");
    }

    public Task<Payment> RefundAsync(Guid paymentId, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = Operation(paymentId, amount, options);
        return RequestChecks.SameIdAsync(
            _caller.CallAsync("POST payment/v2/payments/{id}/refunds", isRead: false,
                (raw, ct) => raw.RefundPaymentAsync(paymentId, body, ct), cancellationToken),
            paymentId, p => p.Id, "payment");
    }

    public Task<Payment> VoidAsync(Guid paymentId, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = Operation(paymentId, amount, options);
        return RequestChecks.SameIdAsync(
            _caller.CallAsync("POST payment/v2/payments/{id}/voids", isRead: false,
                (raw, ct) => raw.VoidPaymentAsync(paymentId, body, ct), cancellationToken),
            paymentId, p => p.Id, "payment");
    }

    /// <summary>The wire body of a capture, refund or void: the amount travels as minor units only.</summary>
    private static PaymentOperationRequest Operation(Guid paymentId, Money amount, PaymentOperationOptions? options)
    {
        RequestChecks.Id(paymentId, nameof(paymentId));
        return amount.ToOperationRequest(options);
    }
}
