using Purse.Models;

namespace Purse.Testing.Rules;

/// <summary>One partner transaction's money, summed from the partners' parts of the operations.</summary>
internal sealed class TransactionFigures
{
    public long Authorized { get; init; }

    public long Captured { get; private set; }

    public long Voided { get; private set; }

    public long Refunded { get; private set; }

    /// <summary>Held by open (PENDING or UNCERTAIN) captures and voids.</summary>
    public long HeldFromAuthorization { get; private set; }

    /// <summary>Held by open refunds.</summary>
    public long HeldFromCapture { get; private set; }

    /// <summary>What an operation of this kind can still take from the transaction.</summary>
    public long CapacityFor(PaymentOperationKind kind) =>
        kind == PaymentOperationKind.Refund
            ? Math.Max(0, Captured - Refunded - HeldFromCapture)
            : Math.Max(0, Authorized - Captured - Voided - HeldFromAuthorization);

    public void Add(PaymentOperationKind kind, PartnerPart part)
    {
        if (part.IsOpen)
        {
            if (kind == PaymentOperationKind.Refund)
            {
                HeldFromCapture += part.Amount;
            }
            else
            {
                HeldFromAuthorization += part.Amount;
            }
            return;
        }
        if (part.Status != OperationStatus.Success)
        {
            return; // FAILURE: the amount is available again
        }
        switch (kind)
        {
            case PaymentOperationKind.Capture:
                Captured += part.Amount;
                break;
            case PaymentOperationKind.Void:
                Voided += part.Amount;
                break;
            default:
                Refunded += part.Amount;
                break;
        }
    }
}
