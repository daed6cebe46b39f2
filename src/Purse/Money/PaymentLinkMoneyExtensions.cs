using static Purse.MoneyResponses;

namespace Purse;

/// <summary>A payment link's amount as <see cref="Money"/>, read back or set on the request that creates it.</summary>
public static class PaymentLinkMoneyExtensions
{
    /// <summary>The payment link's amount.</summary>
    /// <exception cref="PurseIncompleteResponseException">The link has no amount or currency.</exception>
    public static Money GetAmount(this PaymentLink paymentLink) =>
        Read(NotNull(paymentLink).Amount, paymentLink.Currency, "amount", "payment link");

    /// <summary>Sets the request's <c>amount</c> (minor units) and <c>currency</c> from
    /// <paramref name="amount"/>.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static CreatePaymentLinkRequest SetAmount(this CreatePaymentLinkRequest request, Money amount) =>
        Fluent.Set(request, r => (r.Amount, r.Currency) = Pair(amount));
}
