namespace Purse;

/// <summary>
/// Whether the resource a creation's write-conflict names is this request's creation: a key kept by mistake for a
/// second checkout names the first one, which must not be returned as if the second had been created. Compared where
/// the answer says them: the amount, the currency and the order's reference.
/// </summary>
internal readonly record struct EarlierCreation(long Amount, Currency Currency, string? OrderReference)
{
    /// <summary>What a creation request asks for, taken when the call starts (the request may change later).</summary>
    public static EarlierCreation Of(long amount, Currency currency, Order? order) =>
        new(amount, currency, order?.Reference);

    /// <summary>Whether a resource with these fields can be this request's creation.</summary>
    public bool IsMadeBy(long? amount, Currency? currency, Order? order) =>
        (amount is null || amount == Amount)
        && (currency is null || currency == Currency)
        && (OrderReference is null || order?.Reference is null || order.Reference == OrderReference);
}
