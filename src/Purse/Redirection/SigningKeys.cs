using Microsoft.IdentityModel.Tokens;
using Purse.Models;

namespace Purse;

/// <summary>
/// Purse's signing JWKS turned into verification keys, by <c>kid</c>. Only public signing keys
/// are kept: RSA (n, e) and EC (crv, x, y). Symmetric (<c>oct</c>) keys, keys for encryption
/// (<c>use</c> other than <c>sig</c>) and incomplete keys are skipped, so a JWKS that carried
/// one by mistake cannot open the door to HMAC tokens.
/// </summary>
internal sealed class SigningKeys
{
    private readonly Dictionary<string, JsonWebKey> _byKid;

    private SigningKeys(Dictionary<string, JsonWebKey> byKid, IReadOnlyList<string> skipped)
    {
        _byKid = byKid;
        Skipped = skipped;
    }

    /// <summary>The kids that were kept.</summary>
    public IReadOnlyCollection<string> KeyIds => _byKid.Keys;

    /// <summary>A short description of each JWKS entry that was left out, and why.</summary>
    public IReadOnlyList<string> Skipped { get; }

    public bool TryGet(string kid, out JsonWebKey key) => _byKid.TryGetValue(kid, out key!);

    public bool Contains(string kid) => _byKid.ContainsKey(kid);

    public static SigningKeys From(Jwks? jwks)
    {
        var byKid = new Dictionary<string, JsonWebKey>(StringComparer.Ordinal);
        var skipped = new List<string>();
        var duplicated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var jwk in jwks?.Keys ?? [])
        {
            if (jwk is null)
            {
                continue;
            }
            var kid = jwk.Kid;
            var why = WhyUnusable(jwk);
            if (why is not null)
            {
                skipped.Add($"{kid ?? "(no kid)"}: {why}");
            }
            else if (!byKid.TryAdd(kid, ToJsonWebKey(jwk)))
            {
                duplicated.Add(kid);
            }
        }
        foreach (var kid in duplicated)
        {
            // Two keys under one kid: a token cannot say which it means, so neither is trusted.
            byKid.Remove(kid);
            skipped.Add($"{kid}: kid appears more than once");
        }
        return new SigningKeys(byKid, skipped);
    }

    private static string? WhyUnusable(Jwk jwk)
    {
        if (string.IsNullOrEmpty(jwk.Kid))
        {
            return "no kid";
        }
        if (jwk.Use is not null && jwk.Use != "sig")
        {
            return $"use is '{jwk.Use}', not 'sig'";
        }
        return jwk.Kty switch
        {
            JsonWebAlgorithmsKeyTypes.RSA when string.IsNullOrEmpty(jwk.N) || string.IsNullOrEmpty(jwk.E) => "RSA key without n or e",
            JsonWebAlgorithmsKeyTypes.RSA => null,
            JsonWebAlgorithmsKeyTypes.EllipticCurve when string.IsNullOrEmpty(jwk.Crv) || string.IsNullOrEmpty(jwk.X) || string.IsNullOrEmpty(jwk.Y) => "EC key without crv, x or y",
            JsonWebAlgorithmsKeyTypes.EllipticCurve => null,
            _ => $"key type '{jwk.Kty}' is not an asymmetric signing key",
        };
    }

    // Only public parameters are copied: whatever else the entry carries (a private "d", an
    // "oct" secret "k") never reaches the validator.
    private static JsonWebKey ToJsonWebKey(Jwk jwk) => new()
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
