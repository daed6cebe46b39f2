namespace Purse;

internal sealed class ClientSessions(PurseApiCaller caller, RequestChecks checks) : IClientSessions
{
    public Task<ClientSession> CreateAsync(CreateClientSessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = checks.EntityId(request.EntityId);
        RequiredFields.Check(request);
        return caller.CallAsync("POST payment/v2/client-sessions", (raw, ct) => raw.CreateClientSessionAsync(body: request, x_idempotency_key: null, cancellationToken: ct), cancellationToken);
    }

    public Task<ClientSession> GetAsync(Guid clientSessionId, CancellationToken cancellationToken = default)
    {
        RequestChecks.Id(clientSessionId, nameof(clientSessionId));
        return caller.CallAsync("GET payment/v2/client-sessions/{id}",
            (raw, ct) => raw.GetClientSessionAsync(clientSessionId, ct), cancellationToken, about: clientSessionId);
    }

    public Task<ClientSession> AbortAsync(Guid clientSessionId, ClientSessionAbortStatus? status = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.Id(clientSessionId, nameof(clientSessionId));
        var body = new AbortClientSessionRequest { Status = status ?? ClientSessionAbortStatus.AbortedByMerchant };
        return caller.CallAsync("POST payment/v2/client-sessions/{id}/abort", (raw, ct) => raw.AbortClientSessionAsync(clientSessionId, body: body, x_idempotency_key: null, cancellationToken: ct), cancellationToken);
    }
}
