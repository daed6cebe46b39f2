namespace Purse;

/// <summary>
/// A request the client refused before sending it, because it could already tell that it is
/// wrong (a split that does not add up, an amount in the wrong currency, a missing field).
/// Nothing was sent to Purse.
/// </summary>
/// <param name="field">The offending request field.</param>
/// <param name="message">What is wrong with it.</param>
public sealed class PurseInvalidRequestException(string field, string message)
    : PurseException($"Invalid request ({field}): {message}")
{
    /// <summary>The JSON path or parameter of the offending value, e.g. <c>split[1].amount</c>.</summary>
    public string Field { get; } = field;
}
