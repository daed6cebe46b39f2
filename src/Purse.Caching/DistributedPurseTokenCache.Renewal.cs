using Microsoft.Extensions.Logging;

namespace Purse.Caching;

/// <summary>
/// One renewal for all instances: the instance that takes the renewal marker asks the token endpoint and keeps the
/// marker alive while its request runs; the others wait for the token it stores, as long as the marker is kept alive.
/// </summary>
internal sealed partial class DistributedPurseTokenCache
{
    public async ValueTask<PurseAccessToken?> WaitForSharedRenewalAsync(
        Func<PurseAccessToken, bool> isFresh,
        CancellationToken cancellationToken
    )
    {
        var started = _time.GetTimestamp();
        // Restarted whenever the holder is seen extending its marker: a live holder is waited for, a dead one
        // (whose marker only runs down) for RenewalLockTime at most.
        var waitingSince = started;
        TimeSpan? holderTimeLeft = null;
        while (!StoreIsDown())
        {
            var shared = await ReadSharedAsync(cancellationToken).ConfigureAwait(false);
            if (shared is not null && isFresh(shared))
            {
                Volatile.Write(ref _local, shared);
                return shared;
            }
            var attempt = default(MarkerAttempt);
            var failed = !await TryStoreAsync(
                    "renewal marker",
                    async ct => attempt = await TakeMarkerAsync(ct).ConfigureAwait(false),
                    cancellationToken
                )
                .ConfigureAwait(false);
            if (failed)
            {
                return null;
            }
            if (attempt.Acquired)
            {
                Volatile.Write(ref _holdsMarker, 1);
                _ = KeepMarkerAliveAsync(cancellationToken);
                // The previous holder may have stored its token between the read above and now.
                shared = await ReadSharedAsync(cancellationToken).ConfigureAwait(false);
                return shared is not null && isFresh(shared) ? shared : null;
            }
            if (attempt.HolderTimeLeft > holderTimeLeft)
            {
                waitingSince = _time.GetTimestamp();
            }
            holderTimeLeft = attempt.HolderTimeLeft;
            if (_time.GetElapsedTime(waitingSince) >= _options.RenewalLockTime)
            {
                LogWaitedTooLong(_logger, _time.GetElapsedTime(started).TotalMilliseconds);
                return null;
            }
            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    private Task<MarkerAttempt> TakeMarkerAsync(CancellationToken cancellationToken) =>
        _marker.TryAcquireAsync(_keys.Value.Marker, _owner, _options.RenewalLockTime, cancellationToken);

    /// <summary>
    /// While this instance's token request runs, its marker is extended every third of its lifetime, so that a slow
    /// request does not let the others start their own. It stops when the token is stored (SetAsync releases the
    /// marker), when the renewal ends (<paramref name="renewalEnded"/>, cancelled by the client however the renewal
    /// ended) or after TokenRequestTimeout, the longest a token request lasts: a marker left by a failed or dead
    /// renewal still expires within RenewalLockTime.
    /// </summary>
    private async Task KeepMarkerAliveAsync(CancellationToken renewalEnded)
    {
        var acquired = _time.GetTimestamp();
        try
        {
            while (_time.GetElapsedTime(acquired) < _client.Value.TokenRequestTimeout)
            {
                await Task.Delay(_options.RenewalLockTime / 3, _time, renewalEnded).ConfigureAwait(false);
                if (Volatile.Read(ref _holdsMarker) == 0)
                {
                    return;
                }
                if (!await TryStoreAsync("renewal marker", TakeMarkerAsync, renewalEnded).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (renewalEnded.IsCancellationRequested)
        {
            // The renewal is over.
        }
    }

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Information,
        Message = "Purse token cache: another instance has been renewing the token for {WaitedMs} ms without keeping "
            + "its marker alive; this instance asks the token endpoint"
    )]
    private static partial void LogWaitedTooLong(ILogger logger, double waitedMs);
}
