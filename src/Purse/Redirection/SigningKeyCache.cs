using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Purse;

/// <summary>
/// Purse's signing keys, fetched once and kept for <see cref="RedirectionVerificationOptions.KeyCacheDuration"/>.
/// <list type="bullet">
/// <item>Rate limit: every fetch attempt (first use, cache expired, unknown <c>kid</c>) counts, and
/// no attempt starts within <see cref="RedirectionVerificationOptions.MinimumRefreshInterval"/> of
/// the previous one, whatever its outcome: otherwise tokens with made-up kids, or callers that give
/// up mid-fetch, could make the merchant's server hammer Purse.</item>
/// <item>Single flight: one fetch at a time, shared by every caller that needs it. It runs on its own,
/// bounded by <see cref="FetchTimeout"/>; a caller that cancels only stops waiting.</item>
/// <item>Last known good: after the cache period, keys already known keep verifying while the
/// refresh is in flight or failing, for at most one more <see cref="RedirectionVerificationOptions.KeyCacheDuration"/>.
/// A successful refresh replaces them at once, so a withdrawn key stops verifying then.</item>
/// </list>
/// No caller waits on a lock held across a fetch: the lock guards a few fields only.
/// </summary>
internal sealed class SigningKeyCache
{
    /// <summary>How long one fetch may take before it is abandoned (and counted as failed).</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(30);

    private readonly IJwksFetcher _fetcher;
    private readonly TimeProvider _timeProvider;
    private readonly RedirectionVerificationOptions _options;
    private readonly ILogger _logger;
    private readonly object _lock = new();

    // Written under _lock; _current is also read without it on the fast path.
    private volatile Snapshot? _current;
    private Task<Outcome>? _inFlight;
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
    /// <see cref="RedirectionFailure.KeysUnavailable"/> when no usable key set can be had.
    /// </summary>
    public async Task<JsonWebKey?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        var snapshot = _current;
        if (snapshot is not null && IsFresh(snapshot, _timeProvider.GetUtcNow()) && snapshot.Keys.TryGet(kid, out var cached))
        {
            return cached;
        }
        cancellationToken.ThrowIfCancellationRequested();

        Task<Outcome> pending;
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            snapshot = _current;
            var fresh = snapshot is not null && IsFresh(snapshot, now);
            var usable = snapshot is not null && now - snapshot.FetchedAt < LastKnownGoodLimit;
            if (fresh && snapshot!.Keys.TryGet(kid, out var fetchedMeanwhile))
            {
                return fetchedMeanwhile;
            }

            // A fetch is due: the keys are stale (or absent), or the kid is unknown.
            if (_inFlight is null && RefreshAllowedAt(now) is null)
            {
                _lastAttempt = now;
                var reason = snapshot is null ? "first use" : fresh ? "unknown kid" : "cache expired";
                _inFlight = Task.Run(() => FetchAsync(reason));
            }

            if (usable && snapshot!.Keys.TryGet(kid, out var lastKnownGood))
            {
                return lastKnownGood; // Stale, but the refresh (in flight or failing) must not block it.
            }

            if (_inFlight is null)
            {
                // The rate limit forbids a fetch now.
                var notBefore = RefreshAllowedAt(now)!.Value;
                if (fresh || (usable && _lastFailure is null))
                {
                    RedirectionLog.RefreshSuppressed(_logger, RedirectionLog.Printable(kid), notBefore);
                    return null;
                }
                throw Unavailable(_lastFailure, notBefore);
            }
            pending = _inFlight;
        }

        var outcome = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (outcome.Failure is { } failure)
        {
            throw Unavailable(failure, notBefore: null);
        }
        return outcome.Snapshot!.Keys.TryGet(kid, out var key) ? key : null;
    }

    private TimeSpan LastKnownGoodLimit => _options.KeyCacheDuration * 2;

    private bool IsFresh(Snapshot snapshot, DateTimeOffset now) => now - snapshot.FetchedAt < _options.KeyCacheDuration;

    /// <summary>When the rate limit forbids a fetch now, the time it allows one again.</summary>
    private DateTimeOffset? RefreshAllowedAt(DateTimeOffset now)
    {
        if (_lastAttempt is not { } last)
        {
            return null;
        }
        var next = last + _options.MinimumRefreshInterval;
        return now < next ? next : null;
    }

    /// <summary>The one fetch in flight: never throws, never sees a caller's cancellation.</summary>
    private async Task<Outcome> FetchAsync(string reason)
    {
        Outcome outcome;
        using (var timeout = new CancellationTokenSource(FetchTimeout, _timeProvider))
        {
            try
            {
                // WaitAsync too: a fetcher that ignores its token must not hold the single flight forever.
                var jwks = await _fetcher.FetchAsync(timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
                var keys = SigningKeys.From(jwks);
                foreach (var skipped in keys.Skipped)
                {
                    RedirectionLog.KeySkipped(_logger, skipped);
                }
                RedirectionLog.KeysFetched(_logger, reason, string.Join(", ", keys.KeyIds));
                outcome = new Outcome(new Snapshot(keys, _timeProvider.GetUtcNow()), null);
            }
            catch (Exception exception)
            {
                var failure = exception is OperationCanceledException && timeout.IsCancellationRequested
                    ? new TimeoutException($"Purse did not answer within {FetchTimeout.TotalSeconds:0} s.", exception)
                    : exception;
                RedirectionLog.FetchFailed(_logger, failure, reason);
                outcome = new Outcome(null, failure);
            }
        }

        lock (_lock)
        {
            if (outcome.Snapshot is { } snapshot)
            {
                _current = snapshot;
                _lastFailure = null;
            }
            else
            {
                _lastFailure = outcome.Failure;
            }
            _inFlight = null;
        }
        return outcome;
    }

    // A new exception per caller: one instance thrown to many callers would share its stack trace.
    private static PurseRedirectionException Unavailable(Exception? failure, DateTimeOffset? notBefore) => new(
        RedirectionFailure.KeysUnavailable,
        (failure is null ? "Purse's signing keys were fetched moments ago but are not usable" : $"Purse's signing keys could not be fetched ({failure.Message})")
            + (notBefore is { } next ? $"; the next attempt is allowed at {next:O}." : "."),
        failure);

    private sealed record Snapshot(SigningKeys Keys, DateTimeOffset FetchedAt);

    /// <summary>What the one fetch produced: the new keys, or why there are none.</summary>
    private sealed record Outcome(Snapshot? Snapshot, Exception? Failure);
}
