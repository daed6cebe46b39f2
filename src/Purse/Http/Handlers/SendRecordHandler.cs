namespace Purse;

/// <summary>
/// Step 8 of the call path (<see cref="PurseCallPath"/>), next to the wire: records, for the call an exchange belongs
/// to, whether Purse may have carried it out, that is every exchange but one answered with a redirect or a 4xx
/// (<see cref="PurseCall.MayHaveReachedPurse"/>). It sees every send, also the 401 re-send and those a resilience
/// handler of the application repeats, so a write that fails can say truthfully whether money may have moved.
/// </summary>
internal sealed class SendRecordHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        // Only a write's call is attached to its requests (reads move nothing): the others pass without an async layer.
        return PurseCall.Of(request) is { } call
            ? RecordedAsync(request, call, cancellationToken)
            : base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> RecordedAsync(
        HttpRequestMessage request,
        PurseCall call,
        CancellationToken cancellationToken
    )
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Sent, or maybe sent: no answer says it was not carried out.
            call.MayHaveReachedPurse = true;
            throw;
        }
        if (!ResponseClassifier.IsRefusal((int)response.StatusCode))
        {
            call.MayHaveReachedPurse = true;
        }
        return response;
    }
}
