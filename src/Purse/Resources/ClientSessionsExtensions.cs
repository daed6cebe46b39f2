namespace Purse;

/// <summary>
/// <see cref="IClientSessions"/> calls as <c>(arguments, cancellationToken)</c> where optional arguments come before
/// the token. Extension methods, so that the interface, and the mocks merchants make of it, stay as they are.
/// </summary>
public static class ClientSessionsExtensions
{
    /// <summary>
    /// Aborts a client session as the merchant
    /// (see <see cref="IClientSessions.AbortAsync(Guid, ClientSessionAbortStatus?, CancellationToken)"/>).
    /// </summary>
    public static Task<ClientSession> AbortAsync(
        this IClientSessions clientSessions,
        Guid clientSessionId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(clientSessions);
        return clientSessions.AbortAsync(clientSessionId, status: null, cancellationToken);
    }
}
