using Purse.Models;
using Purse.Tests.Support;

namespace Purse.Tests.Webhooks;

/// <summary>
/// <see cref="IPayments"/> over the generated raw client and MockHttp, as far as webhooks need
/// it (Get Payment). When the facade's own IPayments lands, tests can use it instead.
/// </summary>
internal sealed class RawClientPayments : IPayments
{
    private readonly IRawPurseClient _raw;

    public RawClientPayments(IRawPurseClient raw) => _raw = raw;

    public Task<Payment> GetAsync(
        Guid paymentId,
        TimeSpan? maxAge = null,
        CancellationToken cancellationToken = default
    ) =>
        _raw.GetPaymentAsync(
            paymentId,
            maxAge is { } age ? $"max-age={(long)age.TotalSeconds}" : null,
            cancellationToken
        );

    public Task<Payment> CreateAsync(
        CreatePaymentRequest request,
        PurseWriteOptions? options,
        CancellationToken cancellationToken = default
    ) => throw NotUsed();

    public Task<Payment> CaptureAsync(
        Guid paymentId,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    ) => throw NotUsed();

    public Task<Payment> RefundAsync(
        Guid paymentId,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    ) => throw NotUsed();

    public Task<Payment> VoidAsync(
        Guid paymentId,
        Money amount,
        PaymentOperationOptions? options = null,
        CancellationToken cancellationToken = default
    ) => throw NotUsed();

    private static NotSupportedException NotUsed() => new("Webhooks only read payments.");
}
