using Purse.Models;

namespace Purse.Testing.Rules;

/// <summary>
/// An operation's status from its partners' parts (page "Payment operations",
/// https://docs.purse.tech/docs/references/glossary/payment/operations):
/// <code>
/// partners' parts                               operation
/// any PENDING                                   PENDING    "the final status from all partners is not yet available"
/// all SUCCESS                                   SUCCESS
/// all FAILURE                                   FAILURE
/// any UNCERTAIN (none PENDING)                  UNCERTAIN  "the PSP response attempts were unsatisfactory or unknown"
/// SUCCESS and FAILURE (none open)               CONFLICT   "some transactions succeeded while others failed"
/// </code>
/// </summary>
internal static class OperationStatusRule
{
    public static OperationStatus Of(IReadOnlyCollection<OperationStatus> parts)
    {
        if (parts.Contains(OperationStatus.Pending))
        {
            return OperationStatus.Pending;
        }
        if (parts.All(s => s == OperationStatus.Success))
        {
            return OperationStatus.Success;
        }
        if (parts.All(s => s == OperationStatus.Failure))
        {
            return OperationStatus.Failure;
        }
        return parts.Contains(OperationStatus.Uncertain) ? OperationStatus.Uncertain : OperationStatus.Conflict;
    }
}
