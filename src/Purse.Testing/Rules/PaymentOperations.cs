using Purse.Models;
using Purse.Testing.Validation;

namespace Purse.Testing.Rules;

/// <summary>
/// A capture, refund or void orchestrated across the partners of a split: the amount is taken
/// from the partner transactions in <see cref="ProcessingOrder"/>, each partner's part gets the
/// partner's answer, and the operation's status follows <see cref="OperationStatusRule"/>.
/// An amount above what is available is refused with a 400 on <c>/amount</c>.
/// </summary>
internal static class PaymentOperations
{
    /// <summary>Opens the operation on <paramref name="payment"/>; returns its id.</summary>
    public static Guid Open(
        Payment payment,
        PaymentOperationKind kind,
        PaymentOperationRequest request,
        DateTimeOffset now,
        Func<string, PaymentOperationKind, PartnerOutcome> partnerAnswer
    )
    {
        var amounts = payment.Amounts ?? new PaymentAmounts();
        var (available, name, why) = kind switch
        {
            PaymentOperationKind.Capture => (
                amounts.AvailableToCapture ?? 0,
                "available_to_capture",
                $"authorization status {payment.Authorization?.Status?.Value ?? "none"}"
            ),
            PaymentOperationKind.Refund => (
                amounts.AvailableToRefund ?? 0,
                "available_to_refund",
                "captured minus refunded"
            ),
            _ => (amounts.AvailableToVoid ?? 0, "available_to_void", "only the uncaptured remainder can be voided"),
        };
        if (request.Amount > available)
        {
            throw EmulatorProblem.InvalidField(
                "/amount",
                $"amount {request.Amount} exceeds {name} {available} ({why})."
            );
        }

        var figures = PaymentLedger.Figures(payment);
        var parts = new List<PartnerPart>();
        var rest = request.Amount;
        foreach (
            var transaction in ProcessingOrder.Sort(
                payment.Authorization?.PartnerTransactions ?? [],
                kind,
                request.Priorities
            )
        )
        {
            var take = Math.Min(rest, figures[transaction.Id!.Value].CapacityFor(kind));
            if (take <= 0)
            {
                continue;
            }
            var status = PartnerPart.StatusOf(partnerAnswer(transaction.Partner!, kind));
            parts.Add(new PartnerPart(transaction.Id.Value, transaction.Partner!, transaction.Method!, take, status));
            rest -= take;
        }

        var operation = new PaymentOperation
        {
            Id = Guid.NewGuid(),
            CreatedAt = now,
            Amount = request.Amount,
            Status = OperationStatusRule.Of(parts.Select(p => p.Status).ToList()),
            MerchantReference = request.MerchantReference,
            Order = request.Order,
            PartnerOperations = parts.Select(p => p.ToWire()).ToList(),
        };
        switch (kind)
        {
            case PaymentOperationKind.Capture:
                payment.Captures = [.. payment.Captures ?? [], operation];
                break;
            case PaymentOperationKind.Refund:
                payment.Refunds = [.. payment.Refunds ?? [], operation];
                break;
            default:
                payment.Voids = [.. payment.Voids ?? [], operation];
                break;
        }
        PaymentLedger.Recalculate(payment, bumpVersion: true);
        return operation.Id;
    }

    /// <summary>
    /// Gives every open (PENDING or UNCERTAIN) partner part its final answer and re-derives the
    /// operations' statuses and the amounts. Returns false when nothing was open.
    /// </summary>
    public static bool Complete(Payment payment, PartnerOutcome outcome)
    {
        if (outcome is PartnerOutcome.Pending or PartnerOutcome.Uncertain)
        {
            throw new ArgumentOutOfRangeException(
                nameof(outcome),
                outcome,
                "Complete with a final answer: Success or Failure."
            );
        }
        var changed = false;
        foreach (var (_, operations) in PaymentLedger.Operations(payment))
        {
            foreach (var operation in operations)
            {
                var parts = PartnerPart.Of(operation);
                if (!parts.Any(p => p.IsOpen))
                {
                    continue;
                }
                parts = parts.Select(p => p.IsOpen ? p with { Status = PartnerPart.StatusOf(outcome) } : p).ToList();
                operation.PartnerOperations = parts.Select(p => p.ToWire()).ToList();
                operation.Status = OperationStatusRule.Of(parts.Select(p => p.Status).ToList());
                changed = true;
            }
        }
        if (changed)
        {
            PaymentLedger.Recalculate(payment, bumpVersion: true);
        }
        return changed;
    }
}
