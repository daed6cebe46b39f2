namespace Purse;

/// <summary>
/// A response from Purse lacks a field the client needs to answer the call, e.g. a payment
/// without <c>currency</c> asked for its amount as <see cref="Money"/>.
/// </summary>
public sealed class PurseIncompleteResponseException : PurseException
{
    /// <summary>Creates the error for the named response field.</summary>
    public PurseIncompleteResponseException(string field, string message)
        : base($"Incomplete response ({field}): {message}")
    {
        Field = field;
    }

    /// <summary>The JSON path of the missing or unusable value, e.g. <c>amounts.available_to_refund</c>.</summary>
    public string Field { get; }
}
