namespace Purse;

/// <summary>Purse has no resource with this id for these credentials (404).</summary>
public sealed class PurseNotFoundException : PurseApiException
{
    /// <summary>Creates the error.</summary>
    public PurseNotFoundException(string message, PurseErrorResponse response)
        : base(message, response)
    {
    }
}
