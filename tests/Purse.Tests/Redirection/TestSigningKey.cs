using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;

namespace Purse.Tests.Redirection;

/// <summary>
/// A signing key pair made for one test, standing in for Purse's: it signs tokens with the
/// private half and publishes the public half as a JWKS entry.
/// </summary>
internal sealed class TestSigningKey : IDisposable
{
    private readonly AsymmetricAlgorithm _algorithm;

    private TestSigningKey(
        string kid,
        string alg,
        AsymmetricAlgorithm algorithm,
        SecurityKey securityKey,
        JObject publicJwk
    )
    {
        Kid = kid;
        Alg = alg;
        _algorithm = algorithm;
        SecurityKey = securityKey;
        PublicJwk = publicJwk;
    }

    public string Kid { get; }

    public string Alg { get; }

    public SecurityKey SecurityKey { get; }

    /// <summary>The JWKS entry Purse would publish for this key (public parameters only).</summary>
    public JObject PublicJwk { get; }

    public static TestSigningKey Rsa(string kid, string alg = SecurityAlgorithms.RsaSha256, int bits = 2048)
    {
        var rsa = RSA.Create(bits);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JObject
        {
            ["kty"] = "RSA",
            ["kid"] = kid,
            ["use"] = "sig",
            ["alg"] = alg,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        return new TestSigningKey(kid, alg, rsa, new RsaSecurityKey(rsa) { KeyId = kid }, jwk);
    }

    public static TestSigningKey EcP256(string kid) => Ec(kid, "P-256");

    /// <summary>An EC key on P-256, P-384 or P-521, for ES256, ES384 or ES512.</summary>
    public static TestSigningKey Ec(string kid, string crv)
    {
        var (curve, alg) = crv switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, SecurityAlgorithms.EcdsaSha256),
            "P-384" => (ECCurve.NamedCurves.nistP384, SecurityAlgorithms.EcdsaSha384),
            "P-521" => (ECCurve.NamedCurves.nistP521, SecurityAlgorithms.EcdsaSha512),
            _ => throw new ArgumentOutOfRangeException(nameof(crv), crv, null),
        };
        var ec = ECDsa.Create(curve);
        var parameters = ec.ExportParameters(includePrivateParameters: false);
        var jwk = new JObject
        {
            ["kty"] = "EC",
            ["kid"] = kid,
            ["use"] = "sig",
            ["crv"] = crv,
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
        };
        return new TestSigningKey(kid, alg, ec, new ECDsaSecurityKey(ec) { KeyId = kid }, jwk);
    }

    /// <summary>
    /// Signs exactly this header and payload with the header's <c>alg</c> (RS*, PS* or ES*), without
    /// the library: for keys it refuses to sign with (under 2048 bits) and headers it would not write.
    /// </summary>
    public string SignByHand(JObject header, JObject payload)
    {
        var signingInput = $"{HandMadeJws.Segment(header)}.{HandMadeJws.Segment(payload)}";
        var data = Encoding.ASCII.GetBytes(signingInput);
        var alg = (string)header["alg"]!;
        var hash = alg[2..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        var signature = (_algorithm, alg[..2]) switch
        {
            (RSA rsa, "RS") => rsa.SignData(data, hash, RSASignaturePadding.Pkcs1),
            (RSA rsa, "PS") => rsa.SignData(data, hash, RSASignaturePadding.Pss),
            (ECDsa ec, "ES") => ec.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new NotSupportedException($"{alg} with {_algorithm.GetType().Name}"),
        };
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>The DER SubjectPublicKeyInfo of the public key: what an attacker could use as an HMAC secret.</summary>
    public byte[] PublicKeyBytes() => _algorithm.ExportSubjectPublicKeyInfo();

    /// <summary>
    /// Signs <paramref name="claims"/> with the library, as Purse would. Times are explicit (from
    /// the test's clock) so the library adds none of its own.
    /// </summary>
    public string Sign(
        IDictionary<string, object> claims,
        DateTimeOffset? expires = null,
        DateTimeOffset? notBefore = null,
        string? kidOverride = null
    )
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                kidOverride is null ? SecurityKey : WithKeyId(kidOverride),
                Alg
            ),
            Expires = expires?.UtcDateTime,
            NotBefore = notBefore?.UtcDateTime,
        };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(descriptor);
    }

    // The same private key, announced under another kid (the library writes kid from the key).
    private SecurityKey WithKeyId(string kid) =>
        _algorithm switch
        {
            RSA rsa => new RsaSecurityKey(rsa) { KeyId = kid },
            ECDsa ec => new ECDsaSecurityKey(ec) { KeyId = kid },
            _ => throw new NotSupportedException(),
        };

    public void Dispose() => _algorithm.Dispose();
}

/// <summary>Builds compact JWS by hand, for the tokens no honest library would produce.</summary>
internal static class HandMadeJws
{
    public static string Segment(JObject json) =>
        Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToString(Newtonsoft.Json.Formatting.None)));

    public static JObject Decode(string segment) =>
        JObject.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(segment)));

    public static string Unsigned(JObject header, JObject payload) => $"{Segment(header)}.{Segment(payload)}.";

    public static string Hmac(JObject header, JObject payload, byte[] secret)
    {
        var signingInput = $"{Segment(header)}.{Segment(payload)}";
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>Replaces the header or payload of <paramref name="token"/>, keeping its signature.</summary>
    public static string Replace(string token, JObject? header = null, JObject? payload = null)
    {
        var parts = token.Split('.');
        var newHeader = header is null ? parts[0] : Segment(header);
        var newPayload = payload is null ? parts[1] : Segment(payload);
        return $"{newHeader}.{newPayload}.{parts[2]}";
    }
}
