using Microsoft.IdentityModel.Tokens;

namespace Purse;

/// <summary>
/// The JWS algorithms a redirection token may use: asymmetric signatures only. Purse publishes
/// public keys; a token "signed" with <c>none</c> or with an HMAC (whose secret an attacker can
/// set to the public key itself) proves nothing, so those are refused before any key is looked up.
/// </summary>
internal static class SigningAlgorithms
{
    public static IReadOnlyList<string> Allowed { get; } =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>True for the algorithms above, compared exactly (JWS names are case-sensitive).</summary>
    public static bool IsAllowed(string? alg) => alg is not null && Allowed.Contains(alg, StringComparer.Ordinal);

    /// <summary>
    /// Why <paramref name="key"/> cannot verify <paramref name="alg"/>, or null when it can:
    /// RS*/PS* need an RSA key, ES256/384/512 an EC key on P-256/P-384/P-521, and a key that
    /// names its own <c>alg</c> serves only that one.
    /// </summary>
    public static string? Mismatch(string alg, JsonWebKey key)
    {
        if (!string.IsNullOrEmpty(key.Alg) && !string.Equals(key.Alg, alg, StringComparison.Ordinal))
        {
            return $"the key is published for {key.Alg}, the token says {alg}";
        }

        var family = alg[..2];
        if (family is "RS" or "PS")
        {
            return key.Kty == JsonWebAlgorithmsKeyTypes.RSA ? null : $"{alg} needs an RSA key, the key is {key.Kty}";
        }

        if (key.Kty != JsonWebAlgorithmsKeyTypes.EllipticCurve)
        {
            return $"{alg} needs an EC key, the key is {key.Kty}";
        }
        var curve = alg switch
        {
            SecurityAlgorithms.EcdsaSha256 => JsonWebKeyECTypes.P256,
            SecurityAlgorithms.EcdsaSha384 => JsonWebKeyECTypes.P384,
            _ => JsonWebKeyECTypes.P521,
        };
        return key.Crv == curve ? null : $"{alg} needs curve {curve}, the key is on {key.Crv}";
    }
}
