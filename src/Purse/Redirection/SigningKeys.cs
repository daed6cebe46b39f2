using System.Buffers.Text;
using System.Numerics;
using Microsoft.IdentityModel.Tokens;

namespace Purse;

/// <summary>
/// Purse's signing JWKS turned into verification keys, by <c>kid</c>. Only public signing keys
/// are kept: RSA (n, e) and EC (crv, x, y). Symmetric (<c>oct</c>) keys, keys for encryption
/// (<c>use</c> other than <c>sig</c>) and incomplete keys are skipped, so a JWKS that carried
/// one by mistake cannot open the door to HMAC tokens.
/// </summary>
internal sealed class SigningKeys(Dictionary<string, JsonWebKey> byKid, IReadOnlyList<string> skipped)
{
    /// <summary>The kids that were kept.</summary>
    public IReadOnlyCollection<string> KeyIds => byKid.Keys;

    /// <summary>A short description of each JWKS entry that was left out, and why.</summary>
    public IReadOnlyList<string> Skipped => skipped;

    public bool TryGet(string kid, out JsonWebKey key) => byKid.TryGetValue(kid, out key!);

    public static SigningKeys From(Jwks? jwks)
    {
        var entries = (jwks?.Keys ?? []).OfType<Jwk>().Select(jwk => (Jwk: jwk, Why: WhyUnusable(jwk))).ToList();
        var skipped = entries.Where(e => e.Why is not null).Select(e => $"{e.Jwk.Kid ?? "(no kid)"}: {e.Why}").ToList();
        var usable = entries.Where(e => e.Why is null).GroupBy(e => e.Jwk.Kid, StringComparer.Ordinal).ToList();
        // Two keys under one kid: a token cannot say which it means, so neither is trusted.
        skipped.AddRange(usable.Where(g => g.Count() > 1).Select(g => $"{g.Key}: kid appears more than once"));
        var byKid = usable
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => ToJsonWebKey(g.Single().Jwk), StringComparer.Ordinal);
        return new SigningKeys(byKid, skipped);
    }

    private static string? WhyUnusable(Jwk jwk) =>
        jwk switch
        {
            { Kid: null or "" } => "no kid",
            { Use: not null and not "sig" } => $"use is '{jwk.Use}', not 'sig'",
            { Kty: JsonWebAlgorithmsKeyTypes.RSA } => AnyMissing(jwk.N, jwk.E) ? "RSA key without n or e" : null,
            { Kty: JsonWebAlgorithmsKeyTypes.EllipticCurve } => AnyMissing(jwk.Crv, jwk.X, jwk.Y)
                ? "EC key without crv, x or y"
                : null,
            _ => $"key type '{jwk.Kty}' is not an asymmetric signing key",
        };

    private static bool AnyMissing(params string?[] values) => values.Any(string.IsNullOrEmpty);

    // Only public parameters are copied: whatever else the entry carries (a private "d", an
    // "oct" secret "k") never reaches the validator.
    private static JsonWebKey ToJsonWebKey(Jwk jwk) =>
        new()
        {
            Kty = jwk.Kty,
            Kid = jwk.Kid,
            Use = jwk.Use,
            Alg = jwk.Alg,
            N = jwk.N,
            E = jwk.E,
            Crv = jwk.Crv,
            X = jwk.X,
            Y = jwk.Y,
        };
}

/// <summary>
/// Which algorithms and keys a redirection token may be verified with. Asymmetric signatures
/// only: Purse publishes public keys, and a token "signed" with <c>none</c> or an HMAC (whose
/// secret an attacker can set to the public key itself) proves nothing. Keys must be RSA of 2048
/// bits or more, or EC on P-256, P-384 or P-521: Microsoft.IdentityModel verifies with weaker
/// RSA keys (even 512 bits), and takes any key for any algorithm of its family.
/// </summary>
internal static class SigningPolicy
{
    public const int MinimumRsaBits = 2048;

    public static IReadOnlyList<string> Algorithms { get; } =
    [
        SecurityAlgorithms.RsaSha256,
        SecurityAlgorithms.RsaSha384,
        SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256,
        SecurityAlgorithms.RsaSsaPssSha384,
        SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256,
        SecurityAlgorithms.EcdsaSha384,
        SecurityAlgorithms.EcdsaSha512,
    ];

    private static readonly string[] Curves = [JsonWebKeyECTypes.P256, JsonWebKeyECTypes.P384, JsonWebKeyECTypes.P521];

    /// <summary>True for the algorithms above, compared exactly (JWS names are case-sensitive).</summary>
    public static bool IsAllowed(string? alg) => alg is not null && Algorithms.Contains(alg, StringComparer.Ordinal);

    /// <summary>Why <paramref name="key"/> is too weak to trust, or null when it is strong enough.</summary>
    public static string? Weakness(JsonWebKey key) =>
        key.Kty switch
        {
            JsonWebAlgorithmsKeyTypes.RSA => ModulusBits(key.N) switch
            {
                null => "its modulus 'n' is not base64url",
                var bits when bits < MinimumRsaBits =>
                    $"it is a {bits}-bit RSA key; at least {MinimumRsaBits} bits are required",
                _ => null,
            },
            JsonWebAlgorithmsKeyTypes.EllipticCurve when !Curves.Contains(key.Crv, StringComparer.Ordinal) =>
                $"it is an EC key on curve '{RedirectionLog.Printable(key.Crv)}'; only {string.Join(", ", Curves)} "
                    + "are accepted",
            _ => null, // SigningKeys keeps RSA and EC keys only.
        };

    /// <summary>
    /// Why <paramref name="key"/> cannot verify <paramref name="alg"/>, or null when it can: RS*/PS*
    /// need an RSA key, ES256/384/512 an EC key on P-256/384/521, and a key naming its own <c>alg</c> serves only that
    /// one.
    /// </summary>
    public static string? Mismatch(string alg, JsonWebKey key) =>
        key switch
        {
            { Alg: { Length: > 0 } published } when published != alg =>
                $"the key is published for {published}, the token says {alg}",
            _ when alg[..2] is "RS" or "PS" => key.Kty == JsonWebAlgorithmsKeyTypes.RSA
                ? null
                : $"{alg} needs an RSA key, the key is {key.Kty}",
            { Kty: not JsonWebAlgorithmsKeyTypes.EllipticCurve } => $"{alg} needs an EC key, the key is {key.Kty}",
            _ => key.Crv == CurveOf(alg) ? null : $"{alg} needs curve {CurveOf(alg)}, the key is on {key.Crv}",
        };

    private static string CurveOf(string ecAlg) =>
        ecAlg switch
        {
            SecurityAlgorithms.EcdsaSha256 => JsonWebKeyECTypes.P256,
            SecurityAlgorithms.EcdsaSha384 => JsonWebKeyECTypes.P384,
            _ => JsonWebKeyECTypes.P521,
        };

    // Counted in bits of the number, not bytes of its encoding (JsonWebKey.KeySize): a modulus
    // padded with leading zero bytes must not pass for a longer one. A broken entry is refused, not thrown on.
    private static long? ModulusBits(string n) =>
        Base64Url.IsValid(n)
            ? new BigInteger(Base64Url.DecodeFromChars(n), isUnsigned: true, isBigEndian: true).GetBitLength()
            : null;
}
