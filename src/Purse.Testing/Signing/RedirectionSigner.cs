using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Purse.Models;

namespace Purse.Testing.Signing;

/// <summary>
/// The emulator's signing key: an RSA key generated per emulator, published as the
/// signing JWKS, and used to sign the <c>purse-redirection-data</c> compact JWS (RS256,
/// with the key's <c>kid</c> in the header) that Purse appends to the shopper redirection URL.
/// </summary>
internal sealed class RedirectionSigner : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public RedirectionSigner()
    {
        _key = new RsaSecurityKey(_rsa) { KeyId = "emulator-" + Guid.NewGuid().ToString("N")[..12] };
    }

    public string KeyId => _key.KeyId;

    /// <summary>The public half, as <c>GET /payment/v2/signing-jwks</c> answers it.</summary>
    public Jwks Jwks()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        return new Jwks
        {
            Keys =
            [
                new Jwk
                {
                    Kty = "RSA",
                    Kid = _key.KeyId,
                    Use = "sig",
                    Alg = SecurityAlgorithms.RsaSha256,
                    N = Base64UrlEncoder.Encode(parameters.Modulus),
                    E = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            ],
        };
    }

    /// <summary>Signs the redirection claims, valid from <paramref name="issuedAt"/> for
    /// <paramref name="lifetime"/>.</summary>
    public string Sign(IReadOnlyDictionary<string, object> claims, DateTimeOffset issuedAt, TimeSpan lifetime) =>
        _handler.CreateToken(
            new SecurityTokenDescriptor
            {
                Claims = claims.ToDictionary(),
                IssuedAt = issuedAt.UtcDateTime,
                Expires = (issuedAt + lifetime).UtcDateTime,
                SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            }
        );

    public void Dispose() => _rsa.Dispose();
}
