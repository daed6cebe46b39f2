using static Purse.MoneyResponses;

namespace Purse;

/// <summary>A client session's amount as <see cref="Money"/>, read back or set on the request that creates
/// it.</summary>
public static class ClientSessionMoneyExtensions
{
    /// <summary>The client session's amount.</summary>
    /// <exception cref="PurseIncompleteResponseException">The session has no amount or currency.</exception>
    public static Money GetAmount(this ClientSession clientSession) =>
        Read(NotNull(clientSession).Amount, clientSession.Currency, "amount", "client session");

    /// <summary>Sets the request's <c>amount</c> (minor units) and <c>currency</c> from
    /// <paramref name="amount"/>.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static CreateClientSessionRequest SetAmount(this CreateClientSessionRequest request, Money amount) =>
        Fluent.Set(request, r => (r.Amount, r.Currency) = Pair(amount));
}
