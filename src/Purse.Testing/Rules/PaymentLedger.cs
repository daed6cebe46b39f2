using Purse.Models;
using Purse.Testing.Validation;

namespace Purse.Testing.Rules;

/// <summary>
/// Purse's money rules for one payment. <c>amounts</c> is always derived from the
/// authorization and the operation lists, never edited by hand, so it cannot drift:
/// <list type="bullet">
/// <item>available_to_capture = available_to_void = authorized − captured − voided</item>
/// <item>available_to_refund = captured − refunded</item>
/// </list>
/// A capture, refund or void above what is available is refused with a 400 on <c>/amount</c>.
/// </summary>
internal static class PaymentLedger
{
    public static void Capture(Payment payment, PaymentOperationRequest request, DateTimeOffset now)
    {
        var available = payment.Amounts?.AvailableToCapture ?? 0;
        Require(request.Amount <= available,
            $"amount {request.Amount} exceeds available_to_capture {available} (authorization status {payment.Authorization?.Status?.Value ?? "none"}).");
        payment.Captures = Append(payment.Captures, request, now);
        Recalculate(payment, bumpVersion: true);
    }

    public static void Refund(Payment payment, PaymentOperationRequest request, DateTimeOffset now)
    {
        var available = payment.Amounts?.AvailableToRefund ?? 0;
        Require(request.Amount <= available, $"amount {request.Amount} exceeds available_to_refund {available} (captured minus refunded).");
        payment.Refunds = Append(payment.Refunds, request, now);
        Recalculate(payment, bumpVersion: true);
    }

    public static void Void(Payment payment, PaymentOperationRequest request, DateTimeOffset now)
    {
        var available = payment.Amounts?.AvailableToVoid ?? 0;
        Require(request.Amount <= available, $"amount {request.Amount} exceeds available_to_void {available} (only the uncaptured remainder can be voided).");
        payment.Voids = Append(payment.Voids, request, now);
        Recalculate(payment, bumpVersion: true);
    }

    /// <summary>Re-derives <c>amounts</c>, each partner transaction's remaining amount and the overview.</summary>
    public static void Recalculate(Payment payment, bool bumpVersion)
    {
        var authorization = payment.Authorization ?? new PaymentAuthorization { PartnerTransactions = [] };
        var transactions = authorization.PartnerTransactions ?? [];
        var authorized = authorization.Status == AuthorizationStatus.Authorized
            ? transactions.Where(t => t.Status == AuthorizationStatus.Authorized).Sum(t => t.Amount ?? 0)
            : 0;
        var captured = Succeeded(payment.Captures);
        var voided = Succeeded(payment.Voids);
        var refunded = Succeeded(payment.Refunds);
        var uncaptured = authorized - captured - voided;

        payment.Amounts = new PaymentAmounts
        {
            TotalAuthorized = authorized,
            TotalCaptured = captured,
            TotalVoided = voided,
            TotalRefunded = refunded,
            AvailableToCapture = uncaptured,
            AvailableToVoid = uncaptured,
            AvailableToRefund = captured - refunded,
        };

        // Captures and voids consume the authorized partner transactions in split order.
        var consumed = captured + voided;
        foreach (var transaction in transactions)
        {
            var amount = transaction.Status == AuthorizationStatus.Authorized ? transaction.Amount ?? 0 : 0;
            var used = Math.Min(amount, consumed);
            consumed -= used;
            transaction.RemainingAmount = amount - used;
        }

        payment.Overview = new PaymentOverview
        {
            AuthorizationStatus = authorization.Status?.Value,
            CaptureStatus = payment.Captures?.LastOrDefault()?.Status?.Value,
            RefundStatus = payment.Refunds?.LastOrDefault()?.Status?.Value,
            VoidStatus = payment.Voids?.LastOrDefault()?.Status?.Value,
        };
        if (bumpVersion)
        {
            payment.Version = (payment.Version ?? 0) + 1;
        }
    }

    /// <summary>The payment's overall status from its partner transactions: the worst one wins.</summary>
    public static AuthorizationStatus OverallStatus(IEnumerable<AuthorizationStatus> statuses)
    {
        var all = statuses.ToList();
        foreach (var worst in new[] { AuthorizationStatus.Error, AuthorizationStatus.Refused, AuthorizationStatus.Aborted, AuthorizationStatus.Pending })
        {
            if (all.Contains(worst))
            {
                return worst;
            }
        }
        return all.Count > 0 && all.All(s => s == AuthorizationStatus.Authorized) ? AuthorizationStatus.Authorized : AuthorizationStatus.Error;
    }

    private static long Succeeded(ICollection<PaymentOperation>? operations) =>
        operations?.Where(o => o.Status == OperationStatus.Success).Sum(o => o.Amount ?? 0) ?? 0;

    private static List<PaymentOperation> Append(ICollection<PaymentOperation>? operations, PaymentOperationRequest request, DateTimeOffset now) =>
    [
        .. operations ?? [],
        new PaymentOperation
        {
            Id = Guid.NewGuid(),
            CreatedAt = now,
            Amount = request.Amount,
            Status = OperationStatus.Success,
            MerchantReference = request.MerchantReference,
            Order = request.Order,
        },
    ];

    private static void Require(bool condition, string detail)
    {
        if (!condition)
        {
            throw EmulatorProblem.InvalidField("/amount", detail);
        }
    }
}
