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
/// Ages and the refresh window are measured on the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>): a wall
/// clock stepped back or forward (a restored VM, an NTP step) changes neither how long keys are trusted nor when a
/// refresh is allowed. The wall clock only checks a token's <c>exp</c> and <c>nbf</c>.
/// Microsoft.IdentityModel.Protocols' ConfigurationManager does not fit: it reads the system clock
/// (its TimeProvider is internal), refetches on every call while the first fetch keeps failing,
/// and a requested refresh runs in the background, so the caller with a new kid would not see it.
/// </summary>
internal sealed class SigningKeyCache(
    IJwksFetcher fetcher,
    TimeProvider time,
    RedirectionVerificationOptions options,
    ILogger logger
)
{
    /// <summary>How long one fetch may take before it is abandoned (and counted as failed).</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();

    // All read and written under _lock, which is never held across a fetch.
    private Snapshot? _current;
    private Task<Outcome>? _inFlight;
    private long? _lastAttempt;
    private Exception? _lastFailure;

    /// <summary>
    /// The key with this <paramref name="kid"/>, or null when Purse does not publish one (after
    /// the refresh the rate limit allows). Throws <see cref="PurseRedirectionDataException"/> with
    /// <see cref="RedirectionFailure.KeysUnavailable"/> when no usable key set can be had.
    /// </summary>
    public async Task<JsonWebKey?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        Task<Outcome> pending;
        lock (_lock)
        {
            var age = _current is null ? (TimeSpan?)null : time.GetElapsedTime(_current.FetchedAt);
            var (fresh, usable) = (age < options.KeyCacheDuration, age < options.KeyCacheDuration * 2);
            if (fresh && _current!.Keys.TryGet(kid, out var cached))
                return cached;
            cancellationToken.ThrowIfCancellationRequested();

            // A fetch is due (the keys are stale or absent, or the kid is unknown), unless the rate limit forbids it
            // for waitLeft more.
            var sinceLastAttempt = _lastAttempt is { } last ? time.GetElapsedTime(last) : (TimeSpan?)null;
            var left = options.MinimumRefreshInterval - sinceLastAttempt;
            var waitLeft = left > TimeSpan.Zero ? left : null;
            if (_inFlight is null && waitLeft is null)
            {
                _lastAttempt = time.GetTimestamp();
                var reason =
                    _current is null ? "first use"
                    : fresh ? "unknown kid"
                    : "cache expired";
                _inFlight = Task.Run(() => FetchAsync(reason));
            }

            // Stale, but the refresh (in flight or failing) must not block it.
            if (usable && _current!.Keys.TryGet(kid, out var lastKnownGood))
                return lastKnownGood;

            if (_inFlight is null)
            {
                // Shown on the wall clock, for people; counted on the monotonic one.
                var notBefore = time.GetUtcNow() + waitLeft!.Value;
                // Unless fresh keys (or stale ones no fetch has failed since) say the kid is unknown, nothing can be
                // said.
                if (!fresh && (!usable || _lastFailure is not null))
                    throw Unavailable(_lastFailure, notBefore);
                RedirectionLog.RefreshSuppressed(logger, RedirectionLog.Printable(kid), notBefore);
                return null;
            }
            pending = _inFlight;
        }

        var outcome = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (outcome.Failure is { } failure)
            throw Unavailable(failure, notBefore: null);
        return outcome.Snapshot!.Keys.TryGet(kid, out var fetched) ? fetched : null;
    }

    /// <summary>The one fetch in flight: never throws, never sees a caller's cancellation.</summary>
    private async Task<Outcome> FetchAsync(string reason)
    {
        using var timeout = new CancellationTokenSource(FetchTimeout, time);
        Outcome outcome;
        try
        {
            // WaitAsync too: a fetcher that ignores its token must not hold the single flight forever.
            var keys = SigningKeys.From(
                await fetcher.FetchAsync(timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false)
            );
            foreach (var skipped in keys.Skipped)
            {
                RedirectionLog.KeySkipped(logger, skipped);
            }
            RedirectionLog.KeysFetched(logger, reason, string.Join(", ", keys.KeyIds));
            outcome = new Outcome(new Snapshot(keys, time.GetTimestamp()), null);
        }
        catch (Exception exception)
        {
            var failure =
                exception is OperationCanceledException && timeout.IsCancellationRequested
                    ? new TimeoutException($"Purse did not answer within {FetchTimeout.TotalSeconds:0} s.", exception)
                    : exception;
            RedirectionLog.FetchFailed(logger, failure, reason);
            outcome = new Outcome(null, failure);
        }
        lock (_lock)
        {
            (_current, _lastFailure, _inFlight) = (outcome.Snapshot ?? _current, outcome.Failure, null);
        }
        return outcome;
    }

    // A new exception per caller: one instance thrown to many callers would share its stack trace.
    private static PurseRedirectionDataException Unavailable(Exception? failure, DateTimeOffset? notBefore) =>
        new(
            RedirectionFailure.KeysUnavailable,
            (
                failure is null
                    ? "Purse's signing keys were fetched moments ago but are not usable"
                    : $"Purse's signing keys could not be fetched ({failure.Message})"
            ) + (notBefore is { } next ? $"; the next attempt is allowed at {next:O}." : "."),
            failure
        );

    /// <summary>The keys and when they were fetched, as a monotonic timestamp.</summary>
    private sealed record Snapshot(SigningKeys Keys, long FetchedAt);

    /// <summary>What the one fetch produced: the new keys, or why there are none.</summary>
    private sealed record Outcome(Snapshot? Snapshot, Exception? Failure);
}
