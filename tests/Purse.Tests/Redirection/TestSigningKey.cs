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

    private TestSigningKey(string kid, string alg, AsymmetricAlgorithm algorithm, SecurityKey securityKey, JObject publicJwk)
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

    public static TestSigningKey Rsa(string kid, string alg = SecurityAlgorithms.RsaSha256)
    {
        var rsa = RSA.Create(2048);
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

    public static TestSigningKey EcP256(string kid)
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ec.ExportParameters(includePrivateParameters: false);
        var jwk = new JObject
        {
            ["kty"] = "EC",
            ["kid"] = kid,
            ["use"] = "sig",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
        };
        return new TestSigningKey(kid, SecurityAlgorithms.EcdsaSha256, ec, new ECDsaSecurityKey(ec) { KeyId = kid }, jwk);
    }

    /// <summary>The DER SubjectPublicKeyInfo of the public key: what an attacker could use as an HMAC secret.</summary>
    public byte[] PublicKeyBytes() => _algorithm.ExportSubjectPublicKeyInfo();

    /// <summary>
    /// Signs <paramref name="claims"/> with the library, as Purse would. Times are explicit (from
    /// the test's clock) so the library adds none of its own.
    /// </summary>
    public string Sign(IDictionary<string, object> claims, DateTimeOffset? expires = null, DateTimeOffset? notBefore = null, string? kidOverride = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(kidOverride is null ? SecurityKey : WithKeyId(kidOverride), Alg),
            Expires = expires?.UtcDateTime,
            NotBefore = notBefore?.UtcDateTime,
        };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(descriptor);
    }

    // The same private key, announced under another kid (the library writes kid from the key).
    private SecurityKey WithKeyId(string kid) => _algorithm switch
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
    public static string Segment(JObject json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToString(Newtonsoft.Json.Formatting.None)));

    public static JObject Decode(string segment) => JObject.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(segment)));

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
        return $"{(header is null ? parts[0] : Segment(header))}.{(payload is null ? parts[1] : Segment(payload))}.{parts[2]}";
    }
}
