using Purse.Models;

namespace Purse.Testing.Rules;

/// <summary>
/// The order in which an operation takes the partner transactions (page "Payment operations"):
/// <code>
/// operation   default order                              with a priority list
/// capture     gift cards first, then the others          first matching entry's rank; {*,*} ranks every
/// refund      credit cards first, then the others        transaction no other entry names; unnamed ones
/// void        split order (the docs give none)           come last; ties keep split order
/// </code>
/// What is a gift card or a credit card is the emulator's reading of the method and partner names.
/// </summary>
internal static class ProcessingOrder
{
    public const string Any = "*";

    private static readonly string[] GiftCardMethods = ["giftcard", "gift_card", "gift-card"];
    private static readonly string[] GiftCardPartners = ["illicado"];
    private static readonly string[] CreditCardMethods = ["creditcard", "credit_card", "card"];

    public static bool IsGiftCard(PartnerTransaction t) =>
        GiftCardMethods.Contains(t.Method, StringComparer.OrdinalIgnoreCase)
        || GiftCardPartners.Contains(t.Partner, StringComparer.OrdinalIgnoreCase);

    public static bool IsCreditCard(PartnerTransaction t) =>
        CreditCardMethods.Contains(t.Method, StringComparer.OrdinalIgnoreCase);

    public static List<PartnerTransaction> Sort(
        IEnumerable<PartnerTransaction> transactions,
        PaymentOperationKind kind,
        ICollection<OperationPriority>? priorities
    )
    {
        var list = transactions.ToList();
        Func<PartnerTransaction, int> rank = priorities is { Count: > 0 }
            ? t => Rank(t, priorities.ToList())
            : kind switch
            {
                PaymentOperationKind.Capture => t => IsGiftCard(t) ? 0 : 1,
                PaymentOperationKind.Refund => t => IsCreditCard(t) ? 0 : 1,
                _ => _ => 0,
            };
        return list.Select((t, index) => (t, index))
            .OrderBy(x => rank(x.t))
            .ThenBy(x => x.index)
            .Select(x => x.t)
            .ToList();
    }

    private static int Rank(PartnerTransaction transaction, List<OperationPriority> priorities)
    {
        for (var i = 0; i < priorities.Count; i++)
        {
            var p = priorities[i];
            var catchAll = p.Partner == Any && p.Method == Any;
            if (!catchAll && Matches(p.Partner, transaction.Partner) && Matches(p.Method, transaction.Method))
            {
                return i;
            }
        }
        var rest = priorities.FindIndex(p => p.Partner == Any && p.Method == Any);
        return rest >= 0 ? rest : priorities.Count;
    }

    private static bool Matches(string? pattern, string? value) =>
        pattern == Any || string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);
}
