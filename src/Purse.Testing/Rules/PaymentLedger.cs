using Purse.Models;

namespace Purse.Testing.Rules;

/// <summary>
/// Purse's money rules for one payment. <c>amounts</c>, each partner transaction's
/// <c>remaining_amount</c> and <c>overview</c> are always derived from the authorization and the
/// partners' parts of the operations, never edited by hand, so they cannot drift:
/// <code>
/// a partner's part is   counted in total_*   holds its amount (not available)
/// SUCCESS               yes                  consumed
/// PENDING, UNCERTAIN    no                   yes, until completed
/// FAILURE               no                   no: available again
///
/// total_authorized       = AUTHORIZED transactions, when the authorization is AUTHORIZED
/// authorize_pending      = PENDING transactions
/// available_to_capture   = available_to_void = authorized − captured − voided − held by open captures and voids
/// available_to_refund    = captured − refunded − held by open refunds
/// overview capture_status / void_status: NOT (0), PARTIALLY, TOTALLY (= total_authorized)
/// overview refund_status: NOT (0), PARTIALLY, TOTALLY (= total_captured)
/// </code>
/// </summary>
internal static class PaymentLedger
{
    /// <summary>Re-derives <c>amounts</c>, each partner transaction's remaining amount and the overview.</summary>
    public static void Recalculate(Payment payment, bool bumpVersion)
    {
        var authorization = payment.Authorization ?? new PaymentAuthorization { PartnerTransactions = [] };
        var transactions = authorization.PartnerTransactions ?? [];
        var figures = Figures(payment);
        long authorized = 0,
            captured = 0,
            voided = 0,
            refunded = 0,
            toCapture = 0,
            toRefund = 0;
        foreach (var transaction in transactions)
        {
            var f = figures[transaction.Id!.Value];
            authorized += f.Authorized;
            captured += f.Captured;
            voided += f.Voided;
            refunded += f.Refunded;
            toCapture += f.CapacityFor(PaymentOperationKind.Capture);
            toRefund += f.CapacityFor(PaymentOperationKind.Refund);
            transaction.RemainingAmount = f.CapacityFor(PaymentOperationKind.Capture);
        }
        payment.Amounts = new PaymentAmounts
        {
            TotalAuthorized = authorized,
            TotalCaptured = captured,
            TotalVoided = voided,
            TotalRefunded = refunded,
            AuthorizePending = transactions.Where(t => t.Status == AuthorizationStatus.Pending).Sum(t => t.Amount ?? 0),
            AvailableToCapture = toCapture,
            AvailableToVoid = toCapture,
            AvailableToRefund = toRefund,
        };
        payment.Overview = new PaymentOverview
        {
            AuthorizationStatus = authorization.Status,
            CaptureStatus = Degree(captured, authorized),
            VoidStatus = Degree(voided, authorized),
            RefundStatus = Degree(refunded, captured),
        };
        if (bumpVersion)
        {
            payment.Version = (payment.Version ?? 0) + 1;
        }
    }

    /// <summary>What each partner transaction has authorized, captured, voided, refunded and holds.</summary>
    public static Dictionary<Guid, TransactionFigures> Figures(Payment payment)
    {
        var authorization = payment.Authorization;
        var counts = authorization?.Status == AuthorizationStatus.Authorized;
        var figures = (authorization?.PartnerTransactions ?? []).ToDictionary(
            t => t.Id!.Value,
            t => new TransactionFigures
            {
                Authorized = counts && t.Status == AuthorizationStatus.Authorized ? t.Amount ?? 0 : 0,
            }
        );
        foreach (var (kind, operations) in Operations(payment))
        {
            foreach (var part in operations.SelectMany(PartnerPart.Of))
            {
                if (figures.TryGetValue(part.PartnerTransactionId, out var f))
                {
                    f.Add(kind, part);
                }
            }
        }
        return figures;
    }

    public static IEnumerable<(PaymentOperationKind Kind, ICollection<PaymentOperation> Operations)> Operations(
        Payment payment
    )
    {
        yield return (PaymentOperationKind.Capture, payment.Captures ?? []);
        yield return (PaymentOperationKind.Void, payment.Voids ?? []);
        yield return (PaymentOperationKind.Refund, payment.Refunds ?? []);
    }

    /// <summary>The payment's overall status from its partner transactions: the worst one wins.</summary>
    public static AuthorizationStatus OverallStatus(IEnumerable<AuthorizationStatus> statuses)
    {
        var all = statuses.ToList();
        foreach (
            var worst in new[]
            {
                AuthorizationStatus.Error,
                AuthorizationStatus.Refused,
                AuthorizationStatus.Aborted,
                AuthorizationStatus.Pending,
            }
        )
        {
            if (all.Contains(worst))
            {
                return worst;
            }
        }
        return all.Count > 0 && all.All(s => s == AuthorizationStatus.Authorized)
            ? AuthorizationStatus.Authorized
            : AuthorizationStatus.Error;
    }

    private static OverviewStatus Degree(long part, long whole) =>
        part == 0 ? OverviewStatus.Not
        : part >= whole ? OverviewStatus.Totally
        : OverviewStatus.Partially;
}
