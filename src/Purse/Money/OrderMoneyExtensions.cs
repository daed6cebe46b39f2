namespace Purse;

/// <summary>
/// An order's amounts (<c>net_amount</c>, <c>tax_amount</c>, <c>discount_amount</c>, a shipment's and an item line's)
/// read and set as <see cref="Money"/>. They carry no currency on the wire: read them in the currency of the session,
/// payment or link that holds them; set from <see cref="Money"/>, they remember its currency, and a request whose
/// order is in another currency than its own is refused before sending.
/// </summary>
/// <remarks>
/// As Purse documents them (https://docs.purse.tech/docs/references/glossary/api/client-session): an order's
/// <c>net_amount</c> is the full payable total, taxes included, and <c>tax_amount</c> the tax part of it
/// (docs/checkout.md has a worked example).
/// </remarks>
public static class OrderMoneyExtensions
{
    /// <summary>
    /// The order's <c>net_amount</c> (the full payable total, taxes included) in <paramref name="currency"/>.
    /// </summary>
    /// <returns>The amount, or null when the order has none.</returns>
    public static Money? GetNetAmount(this Order order, Currency currency) =>
        MoneyFields.Read(NotNull(order).NetAmount, currency);

    /// <summary>
    /// The order's <c>tax_amount</c> (the tax part of <c>net_amount</c>) in <paramref name="currency"/>.
    /// </summary>
    /// <returns>The amount, or null when the order has none.</returns>
    public static Money? GetTaxAmount(this Order order, Currency currency) =>
        MoneyFields.Read(NotNull(order).TaxAmount, currency);

    /// <summary>The order's <c>discount_amount</c> in <paramref name="currency"/>, or null.</summary>
    public static Money? GetDiscountAmount(this Order order, Currency currency) =>
        MoneyFields.Read(NotNull(order).DiscountAmount, currency);

    /// <summary>Sets the order's <c>net_amount</c>: the full payable total, taxes included.</summary>
    /// <returns>The same order, for chaining.</returns>
    public static Order SetNetAmount(this Order order, Money amount) =>
        MoneyFields.Set(NotNull(order), amount, "net_amount", o => o.NetAmount = amount.MinorUnits);

    /// <summary>Sets the order's <c>tax_amount</c>: the tax part of <c>net_amount</c>.</summary>
    /// <returns>The same order, for chaining.</returns>
    public static Order SetTaxAmount(this Order order, Money amount) =>
        MoneyFields.Set(NotNull(order), amount, "tax_amount", o => o.TaxAmount = amount.MinorUnits);

    /// <summary>Sets the order's <c>discount_amount</c>.</summary>
    /// <returns>The same order, for chaining.</returns>
    public static Order SetDiscountAmount(this Order order, Money amount) =>
        MoneyFields.Set(NotNull(order), amount, "discount_amount", o => o.DiscountAmount = amount.MinorUnits);

    /// <summary>The shipment's <c>net_amount</c> in <paramref name="currency"/>, or null.</summary>
    public static Money? GetNetAmount(this Shipment shipment, Currency currency) =>
        MoneyFields.Read(NotNull(shipment).NetAmount, currency);

    /// <summary>Sets the shipment's <c>net_amount</c>.</summary>
    /// <returns>The same shipment, for chaining.</returns>
    public static Shipment SetNetAmount(this Shipment shipment, Money amount) =>
        MoneyFields.Set(NotNull(shipment), amount, "net_amount", s => s.NetAmount = amount.MinorUnits);

    private static T NotNull<T>(T value)
        where T : class => value ?? throw new ArgumentNullException(typeof(T).Name);
}
