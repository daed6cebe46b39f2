namespace Purse;

internal sealed class Payments(PurseApiCaller caller, RequestChecks checks) : IPayments
{
    public Task<Payment> CreateAsync(CreatePaymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = checks.EntityId(request.EntityId);
        SplitValidation.Validate(request);
        RequiredFields.Check(request);
        return caller.CallAsync("POST payment/v2/payments", (raw, ct) => raw.CreatePaymentAsync(body: request, x_idempotency_key: null, cancellationToken: ct), cancellationToken);
    }

    public Task<Payment> GetAsync(Guid paymentId, TimeSpan? maxAge = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.Id(paymentId, nameof(paymentId));
        if (maxAge < TimeSpan.Zero)
        {
            throw new PurseInvalidRequestException(nameof(maxAge), $"The maximum age cannot be negative (is {maxAge}).");
        }
        var cacheControl = maxAge is { } age ? "max-age=" + ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null;
        return caller.CallAsync("GET payment/v2/payments/{id}",
            (raw, ct) => raw.GetPaymentAsync(paymentId, cacheControl, ct), cancellationToken, about: paymentId);
    }

    public Task<Payment> CaptureAsync(Guid paymentId, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default) =>
        OperateAsync("POST payment/v2/payments/{id}/captures", paymentId, amount, options,
            (raw, body, ct) => raw.CapturePaymentAsync(paymentId, body: body, x_idempotency_key: null, cancellationToken: ct), cancellationToken);

    public Task<Payment> RefundAsync(Guid paymentId, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default) =>
        OperateAsync("POST payment/v2/payments/{id}/refunds", paymentId, amount, options,
            (raw, body, ct) => raw.RefundPaymentAsync(paymentId, body: body, x_idempotency_key: null, cancellationToken: ct), cancellationToken);

    public Task<Payment> VoidAsync(Guid paymentId, Money amount, PaymentOperationOptions? options = null, CancellationToken cancellationToken = default) =>
        OperateAsync("POST payment/v2/payments/{id}/voids", paymentId, amount, options,
            (raw, body, ct) => raw.VoidPaymentAsync(paymentId, body: body, x_idempotency_key: null, cancellationToken: ct), cancellationToken);

    /// <summary>A capture, refund or void: the amount travels as minor units only, and the answer must be about this payment.</summary>
    private Task<Payment> OperateAsync(string operation, Guid paymentId, Money amount, PaymentOperationOptions? options,
        Func<IRawPurseClient, PaymentOperationRequest, CancellationToken, Task<Payment>> call, CancellationToken cancellationToken)
    {
        RequestChecks.Id(paymentId, nameof(paymentId));
        var body = amount.ToOperationRequest(options);
        return caller.CallAsync(operation, (raw, ct) => call(raw, body, ct), cancellationToken, about: paymentId);
    }
}
