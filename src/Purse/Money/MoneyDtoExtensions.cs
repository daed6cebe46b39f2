using Purse.Models;

namespace Purse;

/// <summary>
/// Reads and writes the generated DTOs' amount + currency pairs as <see cref="Money"/>, so that
/// no caller converts minor units by hand (the <c>* 100</c> that turns 4299 JPY into 429900).
/// </summary>
public static class MoneyDtoExtensions
{
    /// <summary>The payment's amount.</summary>
    /// <exception cref="PurseIncompleteResponseException">The payment has no amount or currency.</exception>
    public static Money GetAmount(this Payment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return FromResponse(payment.Amount, payment.Currency, "amount", "payment");
    }

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

    /// <summary>The payment link's amount.</summary>
    /// <exception cref="PurseIncompleteResponseException">The link has no amount or currency.</exception>
    public static Money GetAmount(this PaymentLink paymentLink)
    {
        ArgumentNullException.ThrowIfNull(paymentLink);
        return FromResponse(paymentLink.Amount, paymentLink.Currency, "amount", "payment link");
    }

    /// <summary>The client session's amount.</summary>
    /// <exception cref="PurseIncompleteResponseException">The session has no amount or currency.</exception>
    public static Money GetAmount(this ClientSession clientSession)
    {
        ArgumentNullException.ThrowIfNull(clientSession);
        return FromResponse(clientSession.Amount, clientSession.Currency, "amount", "client session");
    }

    /// <summary>The request's amount and currency.</summary>
    public static Money GetAmount(this CreatePaymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Money.FromMinorUnits(request.Amount, request.Currency);
    }

    /// <summary>Sets the request's <c>amount</c> (minor units) and <c>currency</c> from <paramref name="amount"/>.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static CreatePaymentRequest WithAmount(this CreatePaymentRequest request, Money amount)
    {
        ArgumentNullException.ThrowIfNull(request);
        (request.Amount, request.Currency) = Pair(amount);
        return request;
    }

    /// <summary>Sets the request's <c>amount</c> (minor units) and <c>currency</c> from <paramref name="amount"/>.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static CreatePaymentLinkRequest WithAmount(this CreatePaymentLinkRequest request, Money amount)
    {
        ArgumentNullException.ThrowIfNull(request);
        (request.Amount, request.Currency) = Pair(amount);
        return request;
    }

    /// <summary>Sets the request's <c>amount</c> (minor units) and <c>currency</c> from <paramref name="amount"/>.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static CreateClientSessionRequest WithAmount(this CreateClientSessionRequest request, Money amount)
    {
        ArgumentNullException.ThrowIfNull(request);
        (request.Amount, request.Currency) = Pair(amount);
        return request;
    }

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

    private static (long MinorUnits, Currency Currency) Pair(Money amount)
    {
        if (string.IsNullOrEmpty(amount.Currency.Value))
        {
            throw new PurseMoneyException("This Money has no currency (it is default(Money)); create amounts with Money.FromMinorUnits or Money.FromMajorUnits.");
        }
        return (amount.MinorUnits, amount.Currency);
    }

    private static Money Remainder(Payment payment, long? minorUnits, string field)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var currency = ResponseCurrency(payment.Currency, "payment");
        return minorUnits is { } value
            ? Money.FromMinorUnits(value, currency)
            : throw new PurseIncompleteResponseException(field, $"the payment has no {field}; it may not be authorized yet.");
    }

    private static Money FromResponse(long? minorUnits, Currency? currency, string field, string what)
    {
        var known = ResponseCurrency(currency, what);
        return minorUnits is { } value
            ? Money.FromMinorUnits(value, known)
            : throw new PurseIncompleteResponseException(field, $"the {what} has no {field}.");
    }

    private static Currency ResponseCurrency(Currency? currency, string what)
    {
        if (currency is not { } value || string.IsNullOrEmpty(value.Value))
        {
            throw new PurseIncompleteResponseException("currency", $"the {what} has no currency, so its amounts cannot be read as Money.");
        }
        return Money.IsCurrencyCode(value)
            ? value
            : throw new PurseIncompleteResponseException("currency", $"the {what}'s currency '{value.Value}' is not an ISO 4217 code (three upper-case letters).");
    }
}
