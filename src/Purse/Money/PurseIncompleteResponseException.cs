namespace Purse;

/// <summary>
/// A response from Purse lacks a field the client needs to answer the call, e.g. a payment
/// without <c>currency</c> asked for its amount as <see cref="Money"/>.
/// </summary>
/// <param name="field">The JSON path of the missing or unusable value.</param>
/// <param name="message">What is missing or wrong.</param>
public sealed class PurseIncompleteResponseException(string field, string message)
    : PurseException($"Incomplete response ({field}): {message}")
{
    /// <summary>The JSON path of the missing or unusable value, e.g. <c>amounts.available_to_refund</c>.</summary>
    public string Field { get; } = field;
}
