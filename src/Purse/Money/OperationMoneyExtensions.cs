namespace Purse;

/// <summary>
/// The amounts of a payment's parts read as <see cref="Money"/> in the payment's currency (they carry none on the
/// wire): an operation's, a partner's part of it, a partner transaction's; and the order of an operation set from
/// money.
/// </summary>
public static class OperationMoneyExtensions
{
    /// <summary>
    /// The capture's, refund's or void's <c>amount</c> in <paramref name="currency"/> (the payment's).
    /// </summary>
    /// <returns>The amount, or null when the operation has none.</returns>
    public static Money? GetAmount(this PaymentOperation operation, Currency currency) =>
        MoneyFields.Read((operation ?? throw new ArgumentNullException(nameof(operation))).Amount, currency);

    /// <summary>
    /// One partner transaction's part of an operation, in <paramref name="currency"/> (the payment's).
    /// </summary>
    /// <returns>The amount, or null when the part has none.</returns>
    public static Money? GetAmount(this PartnerOperation part, Currency currency) =>
        MoneyFields.Read((part ?? throw new ArgumentNullException(nameof(part))).Amount, currency);

    /// <summary>What the partner transaction authorized, in <paramref name="currency"/> (the payment's).</summary>
    /// <returns>The amount, or null when the transaction has none.</returns>
    public static Money? GetAmount(this PartnerTransaction transaction, Currency currency) =>
        MoneyFields.Read((transaction ?? throw new ArgumentNullException(nameof(transaction))).Amount, currency);

    /// <summary>
    /// The partner transaction's <c>remaining_amount</c> in <paramref name="currency"/> (the payment's).
    /// </summary>
    /// <returns>The amount, or null when the transaction has none.</returns>
    public static Money? GetRemainingAmount(this PartnerTransaction transaction, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return MoneyFields.Read(transaction.RemainingAmount, currency);
    }

    /// <summary>Sets the <c>net_amount</c> of the order part an operation is for.</summary>
    /// <returns>The same order, for chaining.</returns>
    public static PaymentOperationOrder SetNetAmount(this PaymentOperationOrder order, Money amount) =>
        MoneyFields.Set(NotNull(order), amount, "net_amount", o => o.NetAmount = amount.MinorUnits);

    /// <summary>Sets the <c>tax_amount</c> of the order part an operation is for.</summary>
    /// <returns>The same order, for chaining.</returns>
    public static PaymentOperationOrder SetTaxAmount(this PaymentOperationOrder order, Money amount) =>
        MoneyFields.Set(NotNull(order), amount, "tax_amount", o => o.TaxAmount = amount.MinorUnits);

    private static PaymentOperationOrder NotNull(PaymentOperationOrder order) =>
        order ?? throw new ArgumentNullException(nameof(order));
}
