using Purse.Models;
using Purse.Testing.Validation;

namespace Purse.Testing;

/// <summary>The split rules: which partner transactions a create-payment request makes.</summary>
internal sealed partial class EmulatorCore
{
    private sealed record SplitItem(long Amount, string Partner, string Method);

    /// <summary>
    /// The split rules: the items' amounts add up to the payment amount; a duplicate
    /// authorization names a partner transaction this emulator issued on a payment that allowed
    /// future usage. Without a split, the first eligible solution pays the whole amount.
    /// </summary>
    private SplitItem ReusedItem(DuplicateAuthorizationCandidate duplicate, string pointer)
    {
        var (partner, method) = ReusedTransaction(
            duplicate.PartnerTransactionId.ToString(),
            pointer + "/partner_transaction_id"
        );
        return new SplitItem(duplicate.Amount, partner, method);
    }

    /// <summary>
    /// A new authorization. The docs' example sends one item without amount, partner or method: the
    /// emulator gives such an item what the other items leave of the payment amount (only one item may
    /// lack an amount) and the first eligible solution.
    /// </summary>
    private SplitItem NewItem(
        NewAuthorizationCandidate fresh,
        CreatePaymentRequest request,
        ICollection<SplitCandidate> split,
        string pointer
    )
    {
        var amount = fresh.Amount;
        if (!fresh.HasAmount)
        {
            if (split.Count(c => c is NewAuthorizationCandidate { HasAmount: false }) > 1)
            {
                throw EmulatorProblem.InvalidField(
                    "/split",
                    "More than one split item has no amount: the emulator cannot share the rest between them."
                );
            }
            amount = request.Amount - split.Where(c => c.HasAmount).Sum(c => c.Amount);
            if (amount < 1)
            {
                throw EmulatorProblem.InvalidField(
                    pointer,
                    "The other items leave nothing of the payment amount for this item, which has no amount."
                );
            }
        }
        if (fresh.Partner is { } partner && fresh.Method is { } method)
        {
            return new SplitItem(amount, partner, method);
        }
        var solution = EligibleSolutions(amount, request.Currency).FirstOrDefault()
            ?? throw EmulatorProblem.InvalidField(
                pointer,
                $"No eligible solution for {amount} {request.Currency.Value}: name a partner and a method."
            );
        return new SplitItem(amount, fresh.Partner ?? solution.Partner!, fresh.Method ?? solution.Method!);
    }

    private List<SplitItem> SplitItems(CreatePaymentRequest request)
    {
        if (request.Split is not { Count: > 0 } split)
        {
            var solution = EligibleSolutions(request.Amount, request.Currency).FirstOrDefault()
                ?? throw EmulatorProblem.InvalidField(
                    "/split",
                    $"No eligible solution for {request.Amount} {request.Currency.Value}: send a split."
                );
            return [new SplitItem(request.Amount, solution.Partner!, solution.Method!)];
        }
        var items = new List<SplitItem>();
        var index = 0;
        foreach (var candidate in split)
        {
            var pointer = $"/split/{index}";
            items.Add(
                candidate switch
                {
                    DuplicateAuthorizationCandidate duplicate => ReusedItem(duplicate, pointer),
                    NewAuthorizationCandidate fresh => NewItem(fresh, request, split, pointer),
                    DuplicateForeignAuthorizationCandidate foreign => new SplitItem(
                        foreign.Amount,
                        foreign.Partner,
                        foreign.Method
                    ),
                    _ => throw EmulatorProblem.InvalidField(
                        pointer,
                        "The split item matches no authorization candidate of the spec."
                    ),
                }
            );
            index++;
        }
        var total = items.Sum(i => i.Amount);
        if (total != request.Amount)
        {
            throw EmulatorProblem.InvalidField(
                "/split",
                $"The split amounts add up to {total}, not the payment amount {request.Amount}."
            );
        }
        return items;
    }

    private (string Partner, string Method) ReusedTransaction(string reference, string pointer)
    {
        if (
            Guid.TryParse(reference, out var transactionId)
            && State.PartnerTransactions.TryGetValue(transactionId, out var paymentId)
            && State.Payments.TryGetValue(paymentId, out var record)
        )
        {
            var earlier = record.Read();
            if (earlier.AllowFutureUsage != true)
            {
                throw EmulatorProblem.InvalidField(
                    pointer,
                    $"The payment {paymentId} of partner transaction {transactionId} did not allow future usage."
                );
            }
            var transaction = earlier.Authorization!.PartnerTransactions!.First(t => t.Id == transactionId);
            return (transaction.Partner!, transaction.Method!);
        }
        throw EmulatorProblem.InvalidField(pointer, $"No partner transaction with id {reference}.");
    }
}
