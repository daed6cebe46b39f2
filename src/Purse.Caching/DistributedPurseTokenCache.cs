using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Purse.Caching;

/// <summary>
/// <see cref="IPurseTokenCache"/> shared by every instance: the token lives in HybridCache's
/// distributed level (any <c>IDistributedCache</c>, Redis with <c>AddPurseDistributedTokenCache(redis)</c>),
/// encrypted with Data Protection. An in-memory copy answers while the token is fresh (no round
/// trip per API call) and whenever the shared store fails or is slow: the store is then left
/// alone for <see cref="PurseDistributedTokenCacheOptions.OutageBackoff"/>, and nothing fails.
/// <para>
/// Renewal across instances: the instance whose renewal finds no fresh shared token sets a short
/// renewal marker (a conditional write); the one that set it asks the token endpoint, the others
/// poll the shared token until it appears or the marker's lifetime ends (then they ask too).
/// </para>
/// </summary>
internal sealed partial class DistributedPurseTokenCache : IPurseTokenCache
{
    /// <summary>Both of HybridCache's local levels are off: freshness is the client's rule (RenewAt), kept by
    /// <see cref="_local"/>.</summary>
    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags =
            HybridCacheEntryFlags.DisableLocalCache
            | HybridCacheEntryFlags.DisableUnderlyingData
            | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    /// <summary>
    /// The largest stored entry read: a token answer is at most 64 KiB (the token client's limit), and its encrypted,
    /// base64 form fits twice that. Anything larger was not written by this client.
    /// </summary>
    internal const long MaxStoredBytes = 128 * 1024;

    private readonly HybridCache _hybrid;
    private readonly IRenewalMarker _marker;
    private readonly IStoredValueSize _size;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly IOptions<PurseClientOptions> _client;
    private readonly PurseDistributedTokenCacheOptions _options;
    private readonly ILogger _logger;
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly Lazy<(string Token, string Marker)> _keys;
    private PurseAccessToken? _local;
    private Decoded? _lastDecoded;
    private long _storeDownUntil;
    private int _holdsMarker;

    // clientName: the Purse client whose token this is ("" for the default one), for its key space and Data Protection
    // purpose.
    public DistributedPurseTokenCache(
        string clientName,
        HybridCache hybrid,
        IRenewalMarker marker,
        IStoredValueSize size,
        IDataProtectionProvider dataProtection,
        TimeProvider time,
        IOptions<PurseClientOptions> client,
        IOptions<PurseDistributedTokenCacheOptions> options,
        ILogger<DistributedPurseTokenCache> logger
    )
    {
        _hybrid = hybrid;
        _marker = marker;
        _size = size;
        // The default client's purpose is the one tokens were always stored under; a named client's adds its name.
        _protector =
            clientName.Length == 0
                ? dataProtection.CreateProtector("Purse.Caching.AccessToken.v1")
                : dataProtection.CreateProtector("Purse.Caching.AccessToken.v1", clientName);
        _time = time;
        _client = client;
        _options = options.Value;
        _logger = logger;
        _keys = new(() => KeysFor(_client.Value, _options.KeyPrefix, clientName));
    }

    /// <summary>
    /// The token's key and the renewal marker's key: tokens of different clients (or environments)
    /// sharing one store never mix, and the client id is not written in clear.
    /// </summary>
    internal static (string Token, string Marker) KeysFor(
        PurseClientOptions client,
        string prefix,
        string clientName = ""
    )
    {
        // A named client's name is part of it: two names never share an entry, even with the same credentials.
        var name = clientName.Length == 0 ? "" : $"\n{clientName}";
        var identity = SHA256.HashData(
            Encoding.UTF8.GetBytes(
                $"{client.Environment}\n{client.BaseAddress}\n{client.TokenEndpoint}\n{client.ClientId}{name}"
            )
        );
        var hash = Convert.ToHexStringLower(identity, 0, 16);
        return ($"{prefix}token:{hash}", $"{prefix}renewing:{hash}");
    }

    public async ValueTask<PurseAccessToken?> GetAsync(CancellationToken cancellationToken)
    {
        var local = Volatile.Read(ref _local);
        if (local is not null && IsFresh(local))
        {
            return local;
        }
        var shared = await ReadSharedAsync(cancellationToken).ConfigureAwait(false);
        if (shared is not null && (local is null || shared.ExpiresAt > local.ExpiresAt))
        {
            Volatile.Write(ref _local, shared);
            return shared;
        }
        return local;
    }

    public async ValueTask SetAsync(PurseAccessToken token, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _local, token);
        await TryStoreAsync(
                "write",
                async ct =>
                {
                    var lifetime = token.ExpiresAt - _time.GetUtcNow();
                    if (lifetime > TimeSpan.Zero)
                    {
                        await _hybrid
                            .SetAsync(
                                _keys.Value.Token,
                                Protect(token),
                                new HybridCacheEntryOptions
                                {
                                    Expiration = lifetime,
                                    Flags = HybridCacheEntryFlags.DisableLocalCache,
                                },
                                cancellationToken: ct
                            )
                            .ConfigureAwait(false);
                    }
                    if (Interlocked.Exchange(ref _holdsMarker, 0) == 1)
                    {
                        await _marker.ReleaseAsync(_keys.Value.Marker, _owner, ct).ConfigureAwait(false);
                    }
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    public async ValueTask RemoveAsync(PurseAccessToken token, CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _local, null, token);
        await TryStoreAsync(
                "remove",
                async ct =>
                {
                    // Compare, then remove: a newer token another instance stored meanwhile is kept (a
                    // store without compare-and-delete leaves a window of one round trip).
                    var shared = await ReadAsync(ct).ConfigureAwait(false);
                    if (shared is not null && shared.Value == token.Value)
                    {
                        await _hybrid.RemoveAsync(_keys.Value.Token, ct).ConfigureAwait(false);
                    }
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    private bool IsFresh(PurseAccessToken token) => _time.GetUtcNow() < token.RenewAt(_client.Value.TokenRefreshMargin);

    private async Task<PurseAccessToken?> ReadSharedAsync(CancellationToken cancellationToken)
    {
        PurseAccessToken? token = null;
        await TryStoreAsync("read", async ct => token = await ReadAsync(ct).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
        return token;
    }

    private async Task<PurseAccessToken?> ReadAsync(CancellationToken cancellationToken)
    {
        // A value too large for a token is a store fault (the store is then left alone for OutageBackoff), found
        // without reading it where the store can tell its size.
        var size = await _size.GetAsync(_keys.Value.Token, cancellationToken).ConfigureAwait(false);
        if (size > MaxStoredBytes)
        {
            throw new OversizedValueException(size.Value);
        }
        var payload = await _hybrid
            .GetOrCreateAsync<string?>(
                _keys.Value.Token,
                static _ => ValueTask.FromResult<string?>(null),
                ReadOnly,
                cancellationToken: cancellationToken
            )
            .ConfigureAwait(false);
        return payload is null ? null : Unprotect(payload);
    }

    /// <summary>
    /// Runs one operation on the shared store within <see cref="PurseDistributedTokenCacheOptions.OperationTimeout"/>;
    /// on failure or timeout logs (the error type only), leaves the store alone for
    /// <see cref="PurseDistributedTokenCacheOptions.OutageBackoff"/> and returns false. Only the
    /// caller's own cancellation propagates.
    /// </summary>
    private async Task<bool> TryStoreAsync(
        string operation,
        Func<CancellationToken, Task> action,
        CancellationToken cancellationToken
    )
    {
        if (StoreIsDown())
        {
            return false;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.OperationTimeout);
        try
        {
            await action(timeout.Token)
                .WaitAsync(_options.OperationTimeout, _time, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            Volatile.Write(
                ref _storeDownUntil,
                _time.GetTimestamp() + (long)(_options.OutageBackoff.TotalSeconds * _time.TimestampFrequency)
            );
            var reason = exception switch
            {
                TimeoutException or OperationCanceledException => "timeout",
                OversizedValueException oversized =>
                    $"a value of {oversized.Size} bytes, larger than a token ({MaxStoredBytes} at most)",
                _ => exception.GetType().Name,
            };
            LogStoreFailure(_logger, operation, reason, _options.OutageBackoff.TotalSeconds);
            return false;
        }
    }

    private bool StoreIsDown()
    {
        var until = Volatile.Read(ref _storeDownUntil);
        return until != 0 && _time.GetTimestamp() < until;
    }

    private string Protect(PurseAccessToken token)
    {
        // The key is inside the encrypted payload: a value copied under another client's key is told apart on read.
        var stored = new StoredToken(_keys.Value.Token, token.Value, token.IssuedAt, token.ExpiresAt);
        var json = JsonSerializer.SerializeToUtf8Bytes(stored);
        try
        {
            return Convert.ToBase64String(_protector.Protect(json));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
    }

    /// <summary>The stored token, or null when it cannot be read (another key ring, a damaged value): the caller
    /// renews.</summary>
    private PurseAccessToken? Unprotect(string payload)
    {
        if (Volatile.Read(ref _lastDecoded) is { } last && last.Payload == payload)
        {
            return last.Token;
        }
        try
        {
            var stored = JsonSerializer.Deserialize<StoredToken>(
                _protector.Unprotect(Convert.FromBase64String(payload))
            );
            if (stored is null)
            {
                return null;
            }
            if (!string.Equals(stored.Key, _keys.Value.Token, StringComparison.Ordinal))
            {
                // Another client's token copied under this key (or one written before payloads named their key).
                LogStoredUnderAnotherKey(_logger);
                return null;
            }
            var token = new PurseAccessToken(stored.Value, stored.IssuedAt, stored.ExpiresAt);
            Volatile.Write(ref _lastDecoded, new Decoded(payload, token));
            return token;
        }
        catch (Exception exception)
            when (exception is CryptographicException or FormatException or JsonException or ArgumentException)
        {
            LogUnreadable(_logger, exception.GetType().Name);
            return null;
        }
    }

    /// <summary>What is encrypted and stored: the token and the key it was stored under.</summary>
    private sealed record StoredToken(string? Key, string Value, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

    private sealed record Decoded(string Payload, PurseAccessToken Token);

    /// <summary>A stored entry too large to be a token: a store fault, like an outage.</summary>
    private sealed class OversizedValueException(long size) : Exception($"The stored value holds {size} bytes.")
    {
        public long Size { get; } = size;
    }

    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Warning,
        Message = "Purse token cache: the shared store failed on {Operation} ({ErrorType}); the in-memory cache "
            + "serves for {BackoffSeconds} s"
    )]
    private static partial void LogStoreFailure(
        ILogger logger,
        string operation,
        string errorType,
        double backoffSeconds
    );

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Warning,
        Message = "Purse token cache: the shared token cannot be decrypted ({ErrorType}); is the Data Protection key "
            + "ring shared by every instance? This instance renews the token"
    )]
    private static partial void LogUnreadable(ILogger logger, string errorType);

    [LoggerMessage(
        EventId = 4,
        Level = LogLevel.Warning,
        Message = "Purse token cache: the shared token was stored under another key (another client's token copied "
            + "under this one?); it is not used, and this instance renews the token"
    )]
    private static partial void LogStoredUnderAnotherKey(ILogger logger);
}
