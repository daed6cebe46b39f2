using System.Runtime.CompilerServices;

namespace Purse;

/// <summary>
/// Reads and writes the generated DTOs' amount + currency pairs as <see cref="Money"/>, so that
/// no caller converts minor units by hand (the <c>* 100</c> that turns 4299 JPY into 429900).
/// </summary>
public static class MoneyDtoExtensions
{
    /// <summary>The payment's amount.</summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no amount or currency.</exception>
    public static Money GetAmount(this Payment payment) => FromResponse(NotNull(payment).Amount, payment.Currency, "amount", "payment");

    /// <summary>What can still be captured (<c>amounts.available_to_capture</c>), in the payment's currency.</summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no currency or no such amount.</exception>
    public static Money GetAvailableToCapture(this Payment payment) =>
        Remainder(payment, payment?.Amounts?.AvailableToCapture, "amounts.available_to_capture");

    /// <summary>What can still be refunded (<c>amounts.available_to_refund</c>), in the payment's currency.</summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no currency or no such amount.</exception>
    public static Money GetAvailableToRefund(this Payment payment) =>
        Remainder(payment, payment?.Amounts?.AvailableToRefund, "amounts.available_to_refund");

    /// <summary>What can still be voided (<c>amounts.available_to_void</c>), in the payment's currency.</summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no currency or no such amount.</exception>
    public static Money GetAvailableToVoid(this Payment payment) =>
        Remainder(payment, payment?.Amounts?.AvailableToVoid, "amounts.available_to_void");

    /// <summary>
    /// What is still waiting for an authorization answer (<c>amounts.authorize_pending</c>, documented on
    /// https://docs.purse.tech/docs/integrate/purse-api/tutorials/payment-operations), in the payment's currency.
    /// </summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no currency or no such amount.</exception>
    public static Money GetAuthorizePending(this Payment payment) =>
        Remainder(payment, payment?.Amounts?.AuthorizePending, "amounts.authorize_pending");

    /// <summary>
    /// All of the payment's <c>amounts</c> as <see cref="Money"/> in its currency: captured, refunded, voided, what can
    /// still be captured, refunded and voided, and what awaits authorization.
    /// </summary>
    /// <exception cref="PurseIncompleteResponseException">
    /// The payment has no currency, no <c>amounts</c>, or one of its amounts is missing (<c>Field</c> names it;
    /// <c>authorize_pending</c> may be missing: <see cref="PaymentTotals.AuthorizePending"/> is null then).
    /// </exception>
    public static PaymentTotals Totals(this Payment payment)
    {
        var amounts = NotNull(payment).Amounts ?? throw new PurseIncompleteResponseException(
            "amounts", "the payment has no amounts; it may not be authorized yet.");
        return new PaymentTotals(
            Authorized: Remainder(payment, amounts.TotalAuthorized, "amounts.total_authorized"),
            Captured: Remainder(payment, amounts.TotalCaptured, "amounts.total_captured"),
            Refunded: Remainder(payment, amounts.TotalRefunded, "amounts.total_refunded"),
            Voided: Remainder(payment, amounts.TotalVoided, "amounts.total_voided"),
            ToCapture: Remainder(payment, amounts.AvailableToCapture, "amounts.available_to_capture"),
            ToRefund: Remainder(payment, amounts.AvailableToRefund, "amounts.available_to_refund"),
            ToVoid: Remainder(payment, amounts.AvailableToVoid, "amounts.available_to_void"),
            AuthorizePending: amounts.AuthorizePending is null ? null : payment.GetAuthorizePending());
    }

    /// <summary>The payment link's amount.</summary>
    /// <exception cref="PurseIncompleteResponseException">The link has no amount or currency.</exception>
    public static Money GetAmount(this PaymentLink paymentLink) =>
        FromResponse(NotNull(paymentLink).Amount, paymentLink.Currency, "amount", "payment link");

    /// <summary>The client session's amount.</summary>
    /// <exception cref="PurseIncompleteResponseException">The session has no amount or currency.</exception>
    public static Money GetAmount(this ClientSession clientSession) =>
        FromResponse(NotNull(clientSession).Amount, clientSession.Currency, "amount", "client session");

    /// <summary>The request's amount and currency.</summary>
    public static Money GetAmount(this CreatePaymentRequest request) => Money.FromMinorUnits(NotNull(request).Amount, request.Currency);

    /// <summary>Sets the request's <c>amount</c> (minor units) and <c>currency</c> from <paramref name="amount"/>.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static CreatePaymentRequest WithAmount(this CreatePaymentRequest request, Money amount) =>
        Fluent.Set(request, r => (r.Amount, r.Currency) = Pair(amount));

    /// <summary>Sets the request's <c>amount</c> (minor units) and <c>currency</c> from <paramref name="amount"/>.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static CreatePaymentLinkRequest WithAmount(this CreatePaymentLinkRequest request, Money amount) =>
        Fluent.Set(request, r => (r.Amount, r.Currency) = Pair(amount));

    /// <summary>Sets the request's <c>amount</c> (minor units) and <c>currency</c> from <paramref name="amount"/>.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static CreateClientSessionRequest WithAmount(this CreateClientSessionRequest request, Money amount) =>
        Fluent.Set(request, r => (r.Amount, r.Currency) = Pair(amount));

    /// <summary>
    /// The body of a capture, refund or void of <paramref name="amount"/>. The body carries no
    /// currency: the operation is in the payment's currency, so check it against the payment
    /// when you have one (<see cref="GetAmount(Payment)"/>).
    /// </summary>
    /// <exception cref="PurseInvalidRequestException">The amount is not above zero.</exception>
    public static PaymentOperationRequest ToOperationRequest(this Money amount, PaymentOperationOptions? options = null)
    {
        RequestChecks.PositiveAmount(amount);
        return new PaymentOperationRequest
        {
            Amount = amount.MinorUnits,
            MerchantReference = options?.MerchantReference,
            Order = options?.Order,
            Priorities = OperationPriorities.ToWire(options?.Priorities),
        };
    }

    private static (long MinorUnits, Currency Currency) Pair(Money amount) => (Money.RequireCurrency(amount).MinorUnits, amount.Currency);

    private static Money Remainder(Payment payment, long? minorUnits, string field) =>
        FromResponse(minorUnits, NotNull(payment).Currency, field, "payment", "; it may not be authorized yet");

    private static Money FromResponse(long? amount, Currency? currency, string field, string what, string hint = "") => (currency, amount) switch
    {
        (not { Value.Length: > 0 }, _) => throw new PurseIncompleteResponseException(
            "currency", $"the {what} has no currency, so its amounts cannot be read as Money."),
        ({ } code, _) when !Money.IsCurrencyCode(code) => throw new PurseIncompleteResponseException(
            "currency", $"the {what}'s currency '{code.Value}' is not an ISO 4217 code (three upper-case letters)."),
        ({ } code, { } value) => Money.FromMinorUnits(value, code),
        _ => throw new PurseIncompleteResponseException(field, $"the {what} has no {field}{hint}."),
    };

    private static T NotNull<T>(T value, [CallerArgumentExpression(nameof(value))] string? paramName = null) where T : class =>
        value ?? throw new ArgumentNullException(paramName);
}
