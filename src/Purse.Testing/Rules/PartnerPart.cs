using Purse.Models;

namespace Purse.Testing.Rules;

/// <summary>
/// One partner's part of a capture, refund or void, as the rules handle it; on the wire it is a
/// <see cref="PartnerOperation"/> of the operation's <c>partner_operations</c>.
/// </summary>
internal sealed record PartnerPart(
    Guid PartnerTransactionId,
    string Partner,
    string Method,
    long Amount,
    OperationStatus Status
)
{
    /// <summary>Still waiting for the partner's final answer: PENDING or UNCERTAIN.</summary>
    public bool IsOpen => Status == OperationStatus.Pending || Status == OperationStatus.Uncertain;

    public PartnerOperation ToWire() =>
        new()
        {
            PartnerTransactionId = PartnerTransactionId,
            Partner = Partner,
            Method = Method,
            Amount = Amount,
            Status = Status,
        };

    /// <summary>A part the emulator wrote itself: every field is there.</summary>
    public static PartnerPart FromWire(PartnerOperation wire) =>
        new(wire.PartnerTransactionId!.Value, wire.Partner!, wire.Method!, wire.Amount!.Value, wire.Status!.Value);

    /// <summary>The parts of an operation (none for an operation without partner parts).</summary>
    public static List<PartnerPart> Of(PaymentOperation operation) =>
        (operation.PartnerOperations ?? []).Select(FromWire).ToList();

    public static OperationStatus StatusOf(PartnerOutcome outcome) =>
        outcome switch
        {
            PartnerOutcome.Pending => OperationStatus.Pending,
            PartnerOutcome.Failure => OperationStatus.Failure,
            PartnerOutcome.Uncertain => OperationStatus.Uncertain,
            _ => OperationStatus.Success,
        };
}
