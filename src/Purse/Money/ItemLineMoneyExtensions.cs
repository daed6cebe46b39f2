namespace Purse;

/// <summary>
/// An item line's amounts read and set as <see cref="Money"/> (see <see cref="OrderMoneyExtensions"/>: no currency on
/// the wire; set from money, the line remembers its currency and a request in another one is refused).
/// </summary>
public static class ItemLineMoneyExtensions
{
    /// <summary>The line's <c>unit_gross_price</c> (one unit, taxes included) in <paramref name="currency"/>.</summary>
    /// <returns>The amount, or null when the line has none.</returns>
    public static Money? GetUnitGrossPrice(this ItemLine line, Currency currency) =>
        MoneyFields.Read(NotNull(line).UnitGrossPrice, currency);

    /// <summary>
    /// The line's <c>net_amount</c> (what the line costs, taxes included) in <paramref name="currency"/>.
    /// </summary>
    /// <returns>The amount, or null when the line has none.</returns>
    public static Money? GetNetAmount(this ItemLine line, Currency currency) =>
        MoneyFields.Read(NotNull(line).NetAmount, currency);

    /// <summary>
    /// The line's <c>tax_amount</c> (the tax part of its <c>net_amount</c>) in <paramref name="currency"/>.
    /// </summary>
    /// <returns>The amount, or null when the line has none.</returns>
    public static Money? GetTaxAmount(this ItemLine line, Currency currency) =>
        MoneyFields.Read(NotNull(line).TaxAmount, currency);

    /// <summary>Sets the line's <c>unit_gross_price</c>.</summary>
    /// <returns>The same line, for chaining.</returns>
    public static ItemLine SetUnitGrossPrice(this ItemLine line, Money amount) =>
        MoneyFields.Set(NotNull(line), amount, "unit_gross_price", l => l.UnitGrossPrice = amount.MinorUnits);

    /// <summary>Sets the line's <c>net_amount</c>.</summary>
    /// <returns>The same line, for chaining.</returns>
    public static ItemLine SetNetAmount(this ItemLine line, Money amount) =>
        MoneyFields.Set(NotNull(line), amount, "net_amount", l => l.NetAmount = amount.MinorUnits);

    /// <summary>Sets the line's <c>tax_amount</c>.</summary>
    /// <returns>The same line, for chaining.</returns>
    public static ItemLine SetTaxAmount(this ItemLine line, Money amount) =>
        MoneyFields.Set(NotNull(line), amount, "tax_amount", l => l.TaxAmount = amount.MinorUnits);

    private static ItemLine NotNull(ItemLine line) => line ?? throw new ArgumentNullException(nameof(line));
}
