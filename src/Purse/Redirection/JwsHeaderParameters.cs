using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Purse;

/// <summary>
/// Header parameters that change how a JWS must be verified and that this client does not
/// implement. Microsoft.IdentityModel ignores them, so a token carrying them would be verified
/// under rules other than the ones its signer asked for.
/// </summary>
internal static class JwsHeaderParameters
{
    /// <summary>Throws when the header carries <c>b64</c> other than <c>true</c>, or any <c>crit</c>.</summary>
    public static void EnsureSupported(string encodedHeader)
    {
        using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(encodedHeader));
        var root = header.RootElement;

        // RFC 7797: b64 false means the signature covers the raw payload. True is the default meaning.
        if (root.TryGetProperty("b64", out var b64) && b64.ValueKind != JsonValueKind.True)
        {
            throw new PurseRedirectionException(RedirectionFailure.UnsupportedHeader,
                $"The redirection data's header has 'b64': {Describe(b64)}; an unencoded payload (RFC 7797) is not supported.");
        }

        // RFC 7515 4.1.11: every listed extension must be understood, and this client implements
        // none; an empty or malformed crit is invalid in itself.
        if (root.TryGetProperty("crit", out var crit))
        {
            throw new PurseRedirectionException(RedirectionFailure.CriticalHeader,
                $"The redirection data's header has 'crit': {Describe(crit)}; this client implements no critical JWS extension, so it must refuse the token.");
        }
    }

    private static string Describe(JsonElement value) => RedirectionLog.Printable(value.GetRawText());
}
