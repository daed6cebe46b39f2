namespace Purse;

/// <summary>The request conflicts with the resource's current state (409), e.g. an operation already under way.</summary>
public sealed class PurseConflictException : PurseApiException
{
    /// <summary>Creates the error.</summary>
    public PurseConflictException(string message, PurseErrorResponse response)
        : base(message, response)
    {
    }
}
