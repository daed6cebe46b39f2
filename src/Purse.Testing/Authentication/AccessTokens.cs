using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Purse.Testing.Authentication;

/// <summary>Issues opaque bearer tokens and remembers when each one expires.</summary>
internal sealed class AccessTokens(TimeProvider time, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => lifetime;

    public string Issue()
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        _expiries[token] = time.GetUtcNow() + lifetime;
        return token;
    }

    public TokenState Check(string token) =>
        !_expiries.TryGetValue(token, out var expiry) ? TokenState.Unknown
        : time.GetUtcNow() >= expiry ? TokenState.Expired
        : TokenState.Valid;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal enum TokenState
{
    Unknown,
    Expired,
    Valid,
}
