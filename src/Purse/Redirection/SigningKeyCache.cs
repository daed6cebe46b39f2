using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Purse;

/// <summary>
/// Purse's signing keys, fetched once and kept for <see cref="RedirectionVerificationOptions.KeyCacheDuration"/>.
/// A token naming an unknown <c>kid</c> (Purse rotated its key) triggers one refresh, but never
/// more than one per <see cref="RedirectionVerificationOptions.MinimumRefreshInterval"/>, whether
/// the fetch succeeded or failed: otherwise anyone could make the merchant's server hammer Purse
/// by sending tokens with made-up kids. Fetches are single-flight: concurrent callers wait for
/// the one fetch in progress and then use its result.
/// </summary>
internal sealed class SigningKeyCache
{
    private readonly IJwksFetcher _fetcher;
    private readonly TimeProvider _timeProvider;
    private readonly RedirectionVerificationOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _fetchGate = new(1, 1);

    // Written only under _fetchGate; read without it on the fast path.
    private volatile Snapshot? _current;
    private DateTimeOffset? _lastAttempt;
    private Exception? _lastFailure;

    public SigningKeyCache(IJwksFetcher fetcher, TimeProvider timeProvider, RedirectionVerificationOptions options, ILogger logger)
    {
        _fetcher = fetcher;
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// The key with this <paramref name="kid"/>, or null when Purse does not publish one (after
    /// the refresh the rate limit allows). Throws <see cref="PurseRedirectionException"/> with
    /// <see cref="RedirectionFailure.KeysUnavailable"/> when no current key set can be had.
    /// </summary>
    public async Task<JsonWebKey?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        var snapshot = _current;
        if (snapshot is not null && !IsStale(snapshot) && snapshot.Keys.TryGet(kid, out var cached))
        {
            return cached;
        }

        await _fetchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have fetched while this one waited: decide again.
            snapshot = _current;
            if (snapshot is null || IsStale(snapshot))
            {
                // Stale keys are not used: a key Purse withdrew must stop verifying tokens.
                snapshot = await FetchAsync(reason: snapshot is null ? "first use" : "cache expired", cancellationToken).ConfigureAwait(false);
            }
            else if (!snapshot.Keys.Contains(kid))
            {
                if (RefreshAllowedAt() is { } notBefore)
                {
                    RedirectionLog.RefreshSuppressed(_logger, RedirectionLog.Printable(kid), notBefore);
                    return null;
                }
                snapshot = await FetchAsync(reason: "unknown kid", cancellationToken).ConfigureAwait(false);
            }

            return snapshot.Keys.TryGet(kid, out var key) ? key : null;
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    private bool IsStale(Snapshot snapshot) => _timeProvider.GetUtcNow() - snapshot.FetchedAt >= _options.KeyCacheDuration;

    /// <summary>When the rate limit forbids a fetch now, the time it allows one again.</summary>
    private DateTimeOffset? RefreshAllowedAt()
    {
        if (_lastAttempt is not { } last)
        {
            return null;
        }
        var next = last + _options.MinimumRefreshInterval;
        return _timeProvider.GetUtcNow() < next ? next : null;
    }

    private async Task<Snapshot> FetchAsync(string reason, CancellationToken cancellationToken)
    {
        if (RefreshAllowedAt() is { } notBefore && _lastFailure is { } failure)
        {
            // The last attempt failed moments ago: do not retry on every incoming token.
            throw new PurseRedirectionException(
                RedirectionFailure.KeysUnavailable,
                $"Purse's signing keys could not be fetched ({failure.Message}); the next attempt is allowed at {notBefore:O}.",
                failure);
        }

        _lastAttempt = _timeProvider.GetUtcNow();
        Models.Jwks jwks;
        try
        {
            jwks = await _fetcher.FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up; that says nothing about Purse, so it is not a failure. It still
            // counts as an attempt: otherwise aborting requests would bypass the rate limit.
            throw;
        }
        catch (Exception exception)
        {
            _lastFailure = exception;
            // Keys that are still fresh stay usable; only the refresh failed.
            RedirectionLog.FetchFailed(_logger, exception, reason);
            throw new PurseRedirectionException(
                RedirectionFailure.KeysUnavailable,
                $"Purse's signing keys could not be fetched ({exception.Message}).",
                exception);
        }

        _lastFailure = null;
        var keys = SigningKeys.From(jwks);
        foreach (var skipped in keys.Skipped)
        {
            RedirectionLog.KeySkipped(_logger, skipped);
        }
        RedirectionLog.KeysFetched(_logger, reason, string.Join(", ", keys.KeyIds));
        var snapshot = new Snapshot(keys, _timeProvider.GetUtcNow());
        _current = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(SigningKeys Keys, DateTimeOffset FetchedAt);
}
