namespace Purse;

/// <summary>Client sessions (tag <c>client-session</c>).</summary>
public interface IClientSessions
{
    /// <summary>Creates a client session. An empty <c>EntityId</c> is filled from the options.</summary>
    Task<ClientSession> CreateAsync(
        CreateClientSessionRequest request,
        CancellationToken cancellationToken = default
    ) => CreateAsync(request, options: null, cancellationToken);

    /// <summary>Creates a client session with your own idempotency key.</summary>
    Task<ClientSession> CreateAsync(
        CreateClientSessionRequest request,
        PurseWriteOptions? options,
        CancellationToken cancellationToken = default
    );

    /// <summary>Reads a client session.</summary>
    Task<ClientSession> GetAsync(Guid clientSessionId, CancellationToken cancellationToken = default);

    /// <summary>Aborts a client session, by default as the merchant.</summary>
    Task<ClientSession> AbortAsync(
        Guid clientSessionId,
        ClientSessionAbortStatus? status = null,
        CancellationToken cancellationToken = default
    ) => AbortAsync(clientSessionId, status, options: null, cancellationToken);

    /// <summary>Aborts a client session with your own idempotency key.</summary>
    Task<ClientSession> AbortAsync(
        Guid clientSessionId,
        ClientSessionAbortStatus? status,
        PurseWriteOptions? options,
        CancellationToken cancellationToken = default
    );
}
