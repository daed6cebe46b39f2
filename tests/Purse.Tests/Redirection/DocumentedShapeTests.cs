using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Purse.Models;

namespace Purse.Tests.Redirection;

/// <summary>
/// The token and JWKS exactly as Purse documents them (FACTS.md, "JWKS"): keys with only
/// <c>kty</c>, <c>e</c>, <c>n</c> and <c>kid</c> (no <c>alg</c>, no <c>use</c>), a UUID kid, a header
/// that starts with that kid, a payload with the four claims and nothing else (no <c>exp</c>).
/// Whatever the verifier tightens, this must keep verifying.
/// </summary>
public sealed class DocumentedShapeTests
{
    [Test]
    public async Task A_token_and_jwks_shaped_as_purse_documents_verify_with_a_2048_bit_rsa_key_and_rs256()
    {
        var kid = "8ad8ce62-" + Guid.NewGuid().ToString("D")[9..];
        using var key = TestSigningKey.Rsa(kid);
        using var jwks = new MockJwksEndpoint
        {
            Document = new JObject
            {
                ["keys"] = new JArray(
                    new JObject
                    {
                        ["kty"] = "RSA",
                        ["e"] = key.PublicJwk["e"],
                        ["n"] = key.PublicJwk["n"],
                        ["kid"] = kid,
                    }
                ),
            },
        };
        var clientSessionId = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        var token = key.SignByHand(
            new JObject { ["kid"] = kid, ["alg"] = "RS256" },
            new JObject
            {
                ["client_session_id"] = clientSessionId.ToString(),
                ["payment_id"] = paymentId.ToString(),
                ["authorization_status"] = "AUTHORIZED",
                ["client_session_status"] = "SUBMITTED",
            }
        );
        var verifier = jwks.Verifier(new FakeTimeProvider(DateTimeOffset.UtcNow));

        var data = await verifier.VerifyAsync($"https://shop.example/return?purse-redirection-data={token}");

        Assert.That(
            data,
            Is.EqualTo(
                new RedirectionData(
                    clientSessionId,
                    paymentId,
                    AuthorizationStatus.Authorized,
                    ClientSessionStatus.Submitted
                )
            )
        );
        Assert.That(jwks.FetchCount, Is.EqualTo(1));
    }
}
