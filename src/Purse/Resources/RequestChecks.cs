namespace Purse;

/// <summary>Checks shared by the resources, run before anything is sent.</summary>
internal sealed class RequestChecks([FromKeyedServices] IOptions<PurseClientOptions> options)
{
    /// <summary>The entity to send: the request's own, else <see cref="PurseClientOptions.EntityId"/>.</summary>
    public Guid EntityId(Guid requested) =>
        requested != Guid.Empty
            ? requested
            : options.Value.EntityId
                ?? throw new PurseInvalidRequestException(
                    "entity_id",
                    "The request has no EntityId and PurseClientOptions.EntityId is not set."
                );

    public static void Id(Guid id, string parameter)
    {
        if (id == Guid.Empty)
        {
            throw new PurseInvalidRequestException(parameter, "The id is the empty GUID.");
        }
    }

    public static void PositiveAmount(Money amount)
    {
        if (string.IsNullOrEmpty(amount.Currency.Value))
        {
            throw new PurseInvalidRequestException(
                "amount",
                "The amount has no currency (default Money); create it with Money.FromMinorUnits."
            );
        }
        if (amount.MinorUnits <= 0)
        {
            throw new PurseInvalidRequestException("amount", $"The amount must be more than zero (is {amount}).");
        }
    }
}
