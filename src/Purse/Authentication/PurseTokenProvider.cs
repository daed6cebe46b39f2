namespace Purse;

/// <summary>
/// Hands out a valid access token: from the cache while it is fresh (without allocating), otherwise
/// from <see cref="PurseTokenEndpoint"/>. Concurrent callers share one renewal. When no token can be
/// had it throws <see cref="PurseAuthenticationException"/>; it never returns without a token.
/// </summary>
internal sealed partial class PurseTokenProvider(
    PurseTokenEndpoint endpoint,
    IPurseTokenCache cache,
    IOptions<PurseClientOptions> options,
    TimeProvider time,
    SecretMasker masker,
    ILogger<PurseTokenProvider> logger
)
{
    private Task<PurseAccessToken>? _inFlight;

    /// <summary>A fresh token; when the cache answers at once with one, no allocation and no await.</summary>
    public async ValueTask<PurseAccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        // A caller that already gave up starts no token request.
        cancellationToken.ThrowIfCancellationRequested();
        if (await ReadCacheAsync(cancellationToken).ConfigureAwait(false) is { } cached && IsFresh(cached))
        {
            // A token another instance stored is masked like one this process obtained.
            masker.RememberToken(cached.Value);
            return cached;
        }
        // Single flight: join the renewal in progress, or start one. A renewal that finished before this caller
        // looked is not joined (its token may be the stale one this caller just saw, or a failure).
        var renewal = Volatile.Read(ref _inFlight);
        if (renewal is null or { IsCompleted: true })
        {
            var started = new TaskCompletionSource<PurseAccessToken>(
                TaskCreationOptions.RunContinuationsAsynchronously
            );
            var current = Interlocked.CompareExchange(ref _inFlight, started.Task, renewal);
            // Not tied to this caller's cancellation: the token request timeout bounds it.
            renewal = current == renewal ? StartRenewal(started) : current!;
        }
        return await renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Purse refused <paramref name="token"/>: the next caller gets a new one. Bounded like every cache call; a cache
    /// that fails here is logged, and the call goes on (a second 401 then ends it, typed).
    /// </summary>
    public async ValueTask InvalidateAsync(PurseAccessToken token, CancellationToken cancellationToken)
    {
        try
        {
            await cache
                .RemoveAsync(token, cancellationToken)
                .AsTask()
                .WaitAsync(options.Value.TokenRequestTimeout, time, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            PurseTokenEndpoint.LogTokenFailure(
                logger,
                $"the token cache did not forget a refused token ({exception.GetType().Name})",
                null
            );
        }
    }

    private bool IsFresh(PurseAccessToken? token) =>
        token is not null && time.GetUtcNow() < token.RenewAt(options.Value.TokenRefreshMargin);

    private Task<PurseAccessToken> StartRenewal(TaskCompletionSource<PurseAccessToken> renewal)
    {
        _ = RenewAsync(renewal);
        return renewal.Task;
    }

    private async Task RenewAsync(TaskCompletionSource<PurseAccessToken> renewal)
    {
        // The whole renewal, cache included, is bounded: a stalled cache must not hold every later caller.
        var timeout = options.Value.TokenRequestTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        // Cancelled when this renewal ends, however it ends: a shared cache may keep its renewal marker alive
        // until then.
        using var renewing = new CancellationTokenSource();
        try
        {
            // A caller may arrive just after a renewal completed: look again so that the endpoint is asked once;
            // then a cache shared between instances may hand over a token another instance is obtaining.
            var cached = await ReadCacheAsync(deadline.Token).ConfigureAwait(false);
            if (!IsFresh(cached))
            {
                cached = await WaitForSharedRenewalAsync(renewing.Token).ConfigureAwait(false);
            }
            if (cached is not null)
            {
                masker.RememberToken(cached.Value);
                renewal.SetResult(cached);
                return;
            }
            var token = await endpoint.RequestAsync().ConfigureAwait(false);
            try
            {
                // A fresh bound: the wait above may have used the renewal's whole deadline.
                using var storing = new CancellationTokenSource(timeout, time);
                await cache
                    .SetAsync(token, storing.Token)
                    .AsTask()
                    .WaitAsync(timeout, time, storing.Token)
                    .ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not PurseException)
            {
                // The token is good; only sharing it failed. This process uses it all the same.
                PurseTokenEndpoint.LogTokenFailure(
                    logger,
                    $"the token cache did not store the new token ({exception.GetType().Name})",
                    null
                );
            }
            renewal.SetResult(token);
        }
        catch (OperationCanceledException exception) when (deadline.IsCancellationRequested)
        {
            renewal.SetException(
                endpoint.Failure(
                    $"the token cache did not answer within {timeout.TotalSeconds:0.###} s",
                    null,
                    exception
                )
            );
        }
        catch (Exception exception)
        {
            renewal.SetException(exception);
        }
        finally
        {
            renewing.Cancel();
        }
    }

    /// <summary>
    /// The shared cache's token if another instance stored a fresh one meanwhile; null (ask the endpoint)
    /// on anything else. Never throws, so a shared store can never wedge a renewal.
    /// </summary>
    private async Task<PurseAccessToken?> WaitForSharedRenewalAsync(CancellationToken renewing)
    {
        try
        {
            var token = await cache
                .WaitForSharedRenewalAsync(IsFresh, renewing)
                .AsTask()
                .WaitAsync(options.Value.TokenRequestTimeout, time)
                .ConfigureAwait(false);
            return IsFresh(token) ? token : null;
        }
        catch (Exception exception)
        {
            LogSharedRenewalFailure(logger, exception.GetType().Name);
            return null;
        }
    }

    /// <summary>Awaits a cache read, bounded even if the cache ignores cancellation; its failures are typed.</summary>
    private async ValueTask<PurseAccessToken?> ReadCacheAsync(CancellationToken cancellationToken)
    {
        var timeout = options.Value.TokenRequestTimeout;
        try
        {
            var read = cache.GetAsync(cancellationToken);
            return read.IsCompletedSuccessfully
                ? read.Result
                : await read.AsTask().WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw endpoint.Failure(
                $"the token cache did not answer within {timeout.TotalSeconds:0.###} s",
                null,
                exception
            );
        }
        // Only the caller's own cancellation stays an OperationCanceledException: one the cache raised by itself (a
        // store client's timeout) is a cache failure, not a sign that Purse was slow.
        catch (Exception exception)
            when (exception is not PurseException
                && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            )
        {
            throw endpoint.Failure($"the token cache failed ({exception.GetType().Name})", null, exception);
        }
    }

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Warning,
        Message = "Purse token cache: waiting for a token renewed by another instance failed ({ErrorType}); this "
            + "instance asks the token endpoint"
    )]
    private static partial void LogSharedRenewalFailure(ILogger logger, string errorType);
}
