using System.Numerics;
using Microsoft.IdentityModel.Tokens;

namespace Purse;

/// <summary>
/// The least a signing key must be to be trusted: RSA of 2048 bits or more, EC on P-256, P-384
/// or P-521. Microsoft.IdentityModel verifies with weaker RSA keys (even 512 bits), so the
/// verifier checks before handing the key over.
/// </summary>
internal static class KeyStrength
{
    public const int MinimumRsaBits = 2048;

    public static IReadOnlyList<string> Curves { get; } = [JsonWebKeyECTypes.P256, JsonWebKeyECTypes.P384, JsonWebKeyECTypes.P521];

    /// <summary>Why <paramref name="key"/> is too weak to trust, or null when it is strong enough.</summary>
    public static string? Weakness(JsonWebKey key)
    {
        if (key.Kty == JsonWebAlgorithmsKeyTypes.RSA)
        {
            if (ModulusBits(key.N) is not { } bits)
            {
                return "its modulus 'n' is not base64url";
            }
            return bits >= MinimumRsaBits ? null : $"it is a {bits}-bit RSA key; at least {MinimumRsaBits} bits are required";
        }
        if (key.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve)
        {
            return Curves.Contains(key.Crv, StringComparer.Ordinal)
                ? null
                : $"it is an EC key on curve '{RedirectionLog.Printable(key.Crv)}'; only {string.Join(", ", Curves)} are accepted";
        }
        return null; // Other key types never get here: SigningKeys keeps RSA and EC only.
    }

    // Counted in bits of the number, not bytes of its encoding (JsonWebKey.KeySize): a modulus
    // padded with leading zero bytes must not pass for a longer one.
    private static long? ModulusBits(string n)
    {
        try
        {
            var bytes = Base64UrlEncoder.DecodeBytes(n);
            return new BigInteger(bytes, isUnsigned: true, isBigEndian: true).GetBitLength();
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            return null; // A broken JWKS entry must be refused, not crash the verification.
        }
    }
}
