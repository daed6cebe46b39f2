using Microsoft.Extensions.Logging;

namespace Purse;

/// <summary>
/// Outermost handler of a named client's API client: everything logged during a call (exchanges,
/// retries, token requests) carries the scope <c>PurseClient = name</c>, so that the logs of several
/// entities can be told apart. The default client adds no scope.
/// </summary>
internal sealed class NamedClientLogScope(ILogger logger, string name) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (logger.BeginScope("Purse client {PurseClient}", name))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
