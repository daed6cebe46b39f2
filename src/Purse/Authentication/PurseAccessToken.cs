using System.Buffers;

namespace Purse;

/// <summary>
/// An OAuth2 access token and its lifetime, as kept by an <see cref="IPurseTokenCache"/>.
/// <see cref="ToString"/> never shows the token itself.
/// </summary>
public sealed class PurseAccessToken
{
    // RFC 6750's b64token (token68): what an Authorization: Bearer header can carry.
    private static readonly SearchValues<char> Token68Characters = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/"
    );

    /// <summary>Creates a token.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="value"/> is empty or cannot be sent in an Authorization header (RFC 6750: letters, digits,
    /// <c>-._~+/</c>, then <c>=</c> padding only).
    /// </exception>
    public PurseAccessToken(string value, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (!IsSendable(value))
        {
            // The value is a secret: the message does not show it.
            throw new ArgumentException(
                "An access token must fit an Authorization header "
                    + "(RFC 6750: letters, digits, -._~+/, then '=' padding).",
                nameof(value)
            );
        }
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

    /// <summary>
    /// True when <paramref name="value"/> can be sent as a bearer token: HttpClient refuses a CR/LF or a non-ASCII
    /// character in a header only when the request is sent, so such a token would fail every call and never be renewed.
    /// </summary>
    internal static bool IsSendable(string value)
    {
        var characters = value.AsSpan().TrimEnd('=');
        return !characters.IsEmpty && !characters.ContainsAnyExcept(Token68Characters);
    }

    /// <summary>The Authorization header value, made once per token rather than once per request (it is
    /// immutable).</summary>
    internal System.Net.Http.Headers.AuthenticationHeaderValue Header => field ??= new("Bearer", Value);

    /// <inheritdoc />
    public override string ToString() => $"Purse access token (issued {IssuedAt:O}, expires {ExpiresAt:O})";
}
