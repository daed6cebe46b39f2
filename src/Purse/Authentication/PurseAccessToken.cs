namespace Purse;

/// <summary>
/// An OAuth2 access token and its lifetime, as kept by an <see cref="IPurseTokenCache"/>.
/// <see cref="ToString"/> never shows the token itself.
/// </summary>
public sealed class PurseAccessToken
{
    /// <summary>Creates a token.</summary>
    public PurseAccessToken(string value, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (expiresAt < issuedAt)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), "A token cannot expire before it was issued.");
        }
        Value = value;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
    }

    /// <summary>The bearer token. Secret: never log it.</summary>
    public string Value { get; }

    /// <summary>When the token was obtained.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>When Purse stops accepting it.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>
    /// When the client stops using it and asks for a new one: <paramref name="margin"/> before
    /// expiry, but never earlier than half its lifetime (a short-lived token is still used).
    /// </summary>
    public DateTimeOffset RenewAt(TimeSpan margin)
    {
        var lifetime = ExpiresAt - IssuedAt;
        var used = lifetime - margin;
        return IssuedAt + (used > lifetime / 2 ? used : lifetime / 2);
    }

    /// <summary>The Authorization header value, made once per token rather than once per request (it is immutable).</summary>
    internal System.Net.Http.Headers.AuthenticationHeaderValue Header => field ??= new("Bearer", Value);

    /// <inheritdoc />
    public override string ToString() => $"Purse access token (issued {IssuedAt:O}, expires {ExpiresAt:O})";
}
