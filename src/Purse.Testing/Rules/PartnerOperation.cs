using Newtonsoft.Json.Linq;
using Purse.Models;

namespace Purse.Testing.Rules;

/// <summary>
/// One partner's part of a capture, refund or void, kept in the operation's
/// <c>partner_operations</c> (free-form objects in the spec):
/// <c>{partner_transaction_id, partner, method, amount, status}</c>.
/// </summary>
internal sealed record PartnerOperation(Guid PartnerTransactionId, string Partner, string Method, long Amount, OperationStatus Status)
{
    /// <summary>Still waiting for the partner's final answer: PENDING or UNCERTAIN.</summary>
    public bool IsOpen => Status == OperationStatus.Pending || Status == OperationStatus.Uncertain;

    public JObject ToJson() => new()
    {
        ["partner_transaction_id"] = PartnerTransactionId.ToString(),
        ["partner"] = Partner,
        ["method"] = Method,
        ["amount"] = Amount,
        ["status"] = Status.Value,
    };

    public static PartnerOperation FromJson(object value)
    {
        var json = value as JObject ?? JObject.FromObject(value);
        return new PartnerOperation(
            Guid.Parse((string)json["partner_transaction_id"]!),
            (string)json["partner"]!,
            (string)json["method"]!,
            (long)json["amount"]!,
            new OperationStatus((string)json["status"]!));
    }

    /// <summary>The parts of an operation (none for an operation without partner parts).</summary>
    public static List<PartnerOperation> Of(PaymentOperation operation) =>
        (operation.PartnerOperations ?? []).Select(FromJson).ToList();

    public static OperationStatus StatusOf(PartnerOutcome outcome) => outcome switch
    {
        PartnerOutcome.Pending => OperationStatus.Pending,
        PartnerOutcome.Failure => OperationStatus.Failure,
        PartnerOutcome.Uncertain => OperationStatus.Uncertain,
        _ => OperationStatus.Success,
    };
}
