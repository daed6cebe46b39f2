namespace Purse;

internal sealed class ClientSessions(
    [FromKeyedServices] PurseApiCaller caller,
    [FromKeyedServices] RequestChecks checks,
    [FromKeyedServices] IOptions<PurseClientOptions> settings
) : IClientSessions
{
    public Task<ClientSession> CreateAsync(
        CreateClientSessionRequest request,
        PurseWriteOptions? options,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = checks.EntityId(request.EntityId);
        RequiredFields.Check(request);
        OrderCurrency.Check(request.Order, request.Currency, "the client session");
        var key = IdempotencyKeys.For(options?.IdempotencyKey, "IdempotencyKey");
        var asked = EarlierCreation.Of(request.Amount, request.Currency, request.Order);
        var write = new PurseWrite<ClientSession>(
            Subject: "the client session creation",
            ResourceId: null,
            IdempotencyKey: key,
            MayRetry: settings.Value.Resilience.RetryCreatesAndAbort,
            KeyDocumented: false,
            // The write-conflict names the session created first: this request's, or another's with the same key.
            FindEarlierResult: (id, ct) => ReadCreatedAsync(id, asked, ct)
        );
        return caller.CallAsync(
            PurseOperations.CreateClientSession,
            (raw, ct) => raw.CreateClientSessionAsync(body: request, x_idempotency_key: key, cancellationToken: ct),
            cancellationToken,
            write: write
        );
    }

    public Task<ClientSession> GetAsync(Guid clientSessionId, CancellationToken cancellationToken = default)
    {
        RequestChecks.Id(clientSessionId, nameof(clientSessionId));
        return caller.CallAsync(
            PurseOperations.GetClientSession,
            (raw, ct) => raw.GetClientSessionAsync(clientSessionId, cancellationToken: ct),
            cancellationToken,
            about: clientSessionId
        );
    }

    public Task<ClientSession> AbortAsync(
        Guid clientSessionId,
        ClientSessionAbortStatus? status,
        PurseWriteOptions? options,
        CancellationToken cancellationToken = default
    )
    {
        RequestChecks.Id(clientSessionId, nameof(clientSessionId));
        var body = new AbortClientSessionRequest { Status = status ?? ClientSessionAbortStatus.AbortedByMerchant };
        var key = IdempotencyKeys.For(options?.IdempotencyKey, "IdempotencyKey");
        var write = new PurseWrite<ClientSession>(
            Subject: $"the abort of client session {clientSessionId}",
            ResourceId: clientSessionId,
            IdempotencyKey: key,
            MayRetry: settings.Value.Resilience.RetryCreatesAndAbort,
            KeyDocumented: false,
            FindEarlierResult: (_, ct) => ReadAbortedAsync(clientSessionId, ct)
        );
        return caller.CallAsync(
            PurseOperations.AbortClientSession,
            (raw, ct) =>
                raw.AbortClientSessionAsync(clientSessionId, body: body, x_idempotency_key: key, cancellationToken: ct),
            cancellationToken,
            write: write
        );
    }

    /// <summary>
    /// The session, when it is aborted; null when it is not (the key of the write-conflict was not this abort's). What
    /// <c>resource_id</c> names for an abort is not documented, so the session itself is what is checked.
    /// </summary>
    private async Task<ClientSession?> ReadAbortedAsync(Guid clientSessionId, CancellationToken cancellationToken)
    {
        var session = await GetAsync(clientSessionId, cancellationToken).ConfigureAwait(false);
        return
            session.Status == ClientSessionStatus.AbortedByMerchant
            || session.Status == ClientSessionStatus.AbortedByCustomer
            ? session
            : null;
    }

    /// <summary>The client session a write-conflict of a creation named, when this request can have made it.</summary>
    private async Task<ClientSession?> ReadCreatedAsync(
        Guid id,
        EarlierCreation asked,
        CancellationToken cancellationToken
    )
    {
        var session = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return asked.IsMadeBy(session.Amount, session.Currency, session.Order) ? session : null;
    }
}
