using Purse.Models;

namespace Purse;

internal sealed class ClientSessions : IClientSessions
{
    private readonly PurseApiCaller _caller;
    private readonly RequestChecks _checks;

    public ClientSessions(PurseApiCaller caller, RequestChecks checks)
    {
        _caller = caller;
        _checks = checks;
    }

    public Task<ClientSession> CreateAsync(CreateClientSessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = _checks.EntityId(request.EntityId);
        RequiredFields.Check(request);
        return _caller.CallAsync("POST payment/v2/client-sessions", isRead: false,
            (raw, ct) => raw.CreateClientSessionAsync(request, ct), cancellationToken);
    }

    public Task<ClientSession> GetAsync(Guid clientSessionId, CancellationToken cancellationToken = default)
    {
        RequestChecks.Id(clientSessionId, nameof(clientSessionId));
        return RequestChecks.SameIdAsync(
            _caller.CallAsync("GET payment/v2/client-sessions/{id}", isRead: true,
                (raw, ct) => raw.GetClientSessionAsync(clientSessionId, ct), cancellationToken),
            clientSessionId, session => session.Id, "client session");
    }

    public Task<ClientSession> AbortAsync(Guid clientSessionId, ClientSessionAbortStatus? status = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.Id(clientSessionId, nameof(clientSessionId));
        var body = new AbortClientSessionRequest { Status = status ?? ClientSessionAbortStatus.AbortedByMerchant };
        return _caller.CallAsync("POST payment/v2/client-sessions/{id}/abort", isRead: false,
            (raw, ct) => raw.AbortClientSessionAsync(clientSessionId, body, ct), cancellationToken);
    }
}
