using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Purse;

/// <summary>
/// The redirection token outside its signature: where it is found in what a merchant receives,
/// what Microsoft.IdentityModel does not check in it (header parameters, time claim types), and
/// its four claims once verified.
/// </summary>
internal static class RedirectionToken
{
    /// <summary>The query parameter Purse appends to the <c>shopper_redirection_url</c>.</summary>
    public const string QueryParameter = "purse-redirection-data";

    // Real tokens are well under 2 KB; anything far larger is not worth parsing.
    private const int MaxLength = 16 * 1024;

    private static readonly string[] TimeClaims = ["exp", "nbf", "iat"];

    /// <summary>
    /// The compact JWS in the bare token, the full return URL
    /// (<c>https://shop.example/return?purse-redirection-data=eyJ...</c>), a relative URL or its query string.
    /// </summary>
    public static string Extract(string tokenOrReturnUrl)
    {
        ArgumentNullException.ThrowIfNull(tokenOrReturnUrl);
        var text = tokenOrReturnUrl.Trim();
        if (text.Length == 0)
            throw Malformed("The redirection data is empty.");
        if (text.Length > MaxLength)
            throw Malformed(
                $"The redirection data is {text.Length} characters long, more than the {MaxLength} accepted."
            );

        // A compact JWS is base64url and dots only: a '?' or '=' means a URL or a query string.
        if (!text.Contains('?') && !text.Contains('='))
            return text;

        var values = text[(text.IndexOf('?') + 1)..]
            .Split('#')[0]
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(nameAndValue => Unescape(nameAndValue[0]) == QueryParameter)
            .Select(nameAndValue => nameAndValue.Length == 2 ? Unescape(nameAndValue[1]).Trim() : "")
            .ToList();
        return values switch
        {
            [] => throw Malformed($"The return URL has no '{QueryParameter}' query parameter."),
            // Two values: which one would the merchant's framework bind? Refuse the ambiguity.
            [_, _, ..] => throw Malformed($"The return URL carries '{QueryParameter}' more than once."),
            [""] => throw Malformed($"The return URL's '{QueryParameter}' parameter is empty."),
            [var token] => token,
        };
    }

    /// <summary>
    /// Refuses header parameters that change how a JWS must be verified and that this client does
    /// not implement: Microsoft.IdentityModel ignores them, so it would verify under other rules
    /// than the signer asked for.
    /// </summary>
    public static void EnsureSupportedHeader(JsonWebToken token)
    {
        var header = JsonElement.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedHeader));

        // RFC 7797: b64 false means the signature covers the raw payload. True is the default meaning.
        if (header.TryGetProperty("b64", out var b64) && b64.ValueKind != JsonValueKind.True)
            throw new PurseRedirectionDataException(
                RedirectionFailure.UnsupportedHeader,
                $"The redirection data's header has 'b64': {Describe(b64)}; an unencoded payload (RFC 7797) is not "
                    + "supported."
            );
        // RFC 7515 4.1.11: every listed extension must be understood, and this client implements
        // none; an empty or malformed crit is invalid in itself.
        if (header.TryGetProperty("crit", out var crit))
            throw new PurseRedirectionDataException(
                RedirectionFailure.CriticalHeader,
                $"The redirection data's header has 'crit': {Describe(crit)}; this client implements no critical JWS "
                    + "extension, so it must refuse the token."
            );
    }

    /// <summary>
    /// <c>exp</c>, <c>nbf</c> and <c>iat</c> are NumericDates (RFC 7519): JSON numbers. Microsoft.IdentityModel
    /// reads <c>"exp": "4070908800"</c> as a date and refuses other strings as a malformed token;
    /// both are refused here by name. Silent when the payload cannot be read: that is malformed.
    /// </summary>
    public static void EnsureTimeClaimsAreNumbers(string compact)
    {
        if (
            compact.Split('.') is not [_, var payload, _]
            || Decode(payload) is not { ValueKind: JsonValueKind.Object } claims
        )
            return;
        foreach (var name in TimeClaims)
        {
            if (claims.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Number)
                throw new PurseRedirectionDataException(
                    RedirectionFailure.InvalidClaim,
                    $"The redirection data's '{name}' claim is a JSON "
                        + $"{value.ValueKind.ToString().ToLowerInvariant()}, not a number (NumericDate)."
                );
        }
    }

    /// <summary>The four claims of a verified token. Statuses are open: an unknown value is returned as is (IsKnown
    /// false).</summary>
    public static RedirectionData ReadClaims(JsonWebToken token) =>
        new(
            Uuid(token, "client_session_id"),
            Uuid(token, "payment_id"),
            new AuthorizationStatus(Status(token, "authorization_status")),
            new ClientSessionStatus(Status(token, "client_session_status"))
        );

    private static Guid Uuid(JsonWebToken token, string name) =>
        Guid.Parse(Claim(token, name, "is not a UUID", value => Guid.TryParseExact(value, "D", out _)));

    private static string Status(JsonWebToken token, string name) =>
        Claim(token, name, "is not a non-empty string", value => !string.IsNullOrWhiteSpace(value));

    private static string Claim(JsonWebToken token, string name, string what, Func<string, bool> isValid)
    {
        if (!token.TryGetClaim(name, out var claim))
            throw new PurseRedirectionDataException(
                RedirectionFailure.MissingClaim,
                $"The redirection data has no '{name}' claim."
            );
        return claim.ValueType == ClaimValueTypes.String && isValid(claim.Value)
            ? claim.Value
            : throw new PurseRedirectionDataException(
                RedirectionFailure.InvalidClaim,
                $"The redirection data's '{name}' claim {what}: '{RedirectionLog.Printable(claim.Value)}'."
            );
    }

    private static JsonElement? Decode(string segment)
    {
        try
        {
            return JsonElement.Parse(Base64UrlEncoder.DecodeBytes(segment));
        }
        catch (Exception exception) when (exception is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static string Describe(JsonElement value) => RedirectionLog.Printable(value.GetRawText());

    private static PurseRedirectionDataException Malformed(string message) =>
        new(RedirectionFailure.Malformed, message);
}
