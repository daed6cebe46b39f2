namespace Purse;

/// <summary>
/// A request the client refused before sending it, because it could already tell that it is
/// wrong (a split that does not add up, an amount in the wrong currency, a missing field).
/// Nothing was sent to Purse.
/// </summary>
public sealed class PurseInvalidRequestException : PurseException
{
    /// <summary>Creates the error for the named request field.</summary>
    public PurseInvalidRequestException(string field, string message)
        : base($"Invalid request ({field}): {message}")
    {
        Field = field;
    }

    /// <summary>The JSON path or parameter of the offending value, e.g. <c>split[1].amount</c>.</summary>
    public string Field { get; }
}
