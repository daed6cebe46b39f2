using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

internal sealed class SigningTests : EmulatorHarness
{
    private async Task<Jwks> FetchJwksAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, "/payment/v2/signing-jwks", withToken: false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await ReadAsync<Jwks>(response);
    }

    private async Task<TokenValidationResult> ValidateAsync(string jws, Jwks jwks)
    {
        var keys = jwks
            .Keys.Select(k =>
                (SecurityKey)
                    new JsonWebKey
                    {
                        Kty = k.Kty,
                        Kid = k.Kid,
                        N = k.N,
                        E = k.E,
                        Alg = k.Alg,
                        Use = k.Use,
                    }
            )
            .ToList();
        return await new JsonWebTokenHandler().ValidateTokenAsync(
            jws,
            new TokenValidationParameters
            {
                IssuerSigningKeys = keys,
                ValidateIssuer = false,
                ValidateAudience = false,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                LifetimeValidator = (notBefore, expires, _, _) => expires > Clock.GetUtcNow().UtcDateTime,
            }
        );
    }

    [Test]
    public async Task The_jwks_publishes_one_rsa_signing_key_with_a_kid()
    {
        var jwks = await FetchJwksAsync();

        var key = jwks.Keys.Single();
        Assert.That((key.Kty, key.Alg, key.Use), Is.EqualTo(("RSA", "RS256", "sig")));
        Assert.That(key.Kid, Is.Not.Empty);
        Assert.That(key.N, Is.Not.Empty);
        Assert.That(key.E, Is.EqualTo("AQAB"));
    }

    [Test]
    public async Task Redirection_data_is_an_rs256_jws_with_the_payment_claims_verifiable_against_the_jwks()
    {
        var session = Emulator.FindClientSession((await CreateSessionAsync()).Id)!;
        var payment = await Emulator.PayClientSessionAsync(session.Id, null, CancellationToken.None);

        var jws = Emulator.CreateRedirectionData(payment.Id);

        var result = await ValidateAsync(jws, await FetchJwksAsync());
        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Multiple(() =>
        {
            Assert.That(token.Alg, Is.EqualTo("RS256"));
            Assert.That(token.Kid, Is.EqualTo(Emulator.SigningJwks.Keys.Single().Kid));
            Assert.That(token.GetClaim("payment_id").Value, Is.EqualTo(payment.Id.ToString()));
            Assert.That(token.GetClaim("client_session_id").Value, Is.EqualTo(session.Id.ToString()));
            Assert.That(token.GetClaim("authorization_status").Value, Is.EqualTo("AUTHORIZED"));
            Assert.That(token.GetClaim("client_session_status").Value, Is.EqualTo("SUBMITTED"));
            Assert.That(token.IssuedAt, Is.EqualTo(Start.UtcDateTime));
            Assert.That(token.ValidTo, Is.EqualTo(Start.UtcDateTime.AddMinutes(10)));
        });
    }

    [Test]
    public async Task Redirection_data_signed_by_another_emulator_does_not_verify()
    {
        var payment = await CreatePaymentAsync(PaymentRequest());
        await using var other = new PurseEmulator();

        var result = await ValidateAsync(Emulator.CreateRedirectionData(payment.Id), other.SigningJwks);

        Assert.That(result.IsValid, Is.False);
    }

    [Test]
    public async Task Redirection_data_for_a_payment_the_emulator_does_not_hold_is_signed_as_a_forger_would_want_it()
    {
        // A tampering test needs validly signed data about another payment; it should not need a second payment.
        var unknown = Guid.NewGuid();

        var jws = Emulator.CreateRedirectionData(unknown);

        var result = await ValidateAsync(jws, await FetchJwksAsync());
        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Multiple(() =>
        {
            Assert.That(token.GetClaim("payment_id").Value, Is.EqualTo(unknown.ToString()));
            Assert.That(token.GetClaim("authorization_status").Value, Is.EqualTo("AUTHORIZED"));
            Assert.That(
                Guid.TryParse(token.GetClaim("client_session_id").Value, out _),
                Is.True,
                "all four claims, as Purse sends"
            );
            Assert.That(token.GetClaim("client_session_status").Value, Is.EqualTo("SUBMITTED"));
        });
    }

    [Test]
    public async Task Redirection_data_with_the_claims_given_is_signed_whatever_the_emulator_holds()
    {
        var payment = await CreatePaymentAsync(PaymentRequest());
        var otherSession = Guid.NewGuid();

        var jws = Emulator.CreateRedirectionData(
            payment.Id,
            AuthorizationStatus.Refused,
            otherSession,
            ClientSessionStatus.Submitted
        );

        var result = await ValidateAsync(jws, await FetchJwksAsync());
        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Multiple(() =>
        {
            Assert.That(token.GetClaim("payment_id").Value, Is.EqualTo(payment.Id.ToString()));
            Assert.That(
                token.GetClaim("authorization_status").Value,
                Is.EqualTo("REFUSED"),
                "not the payment's AUTHORIZED"
            );
            Assert.That(token.GetClaim("client_session_id").Value, Is.EqualTo(otherSession.ToString()));
            Assert.That(token.GetClaim("client_session_status").Value, Is.EqualTo("SUBMITTED"));
        });
    }

    private async Task<ClientSession> CreateSessionAsync()
    {
        using var response = await SendAsync(
            HttpMethod.Post,
            "/payment/v2/client-sessions",
            new CreateClientSessionRequest
            {
                EntityId = Emulator.EntityId,
                Amount = 4299,
                Currency = Currency.Eur,
                ShopperRedirectionUrl = new Uri("https://shop.example/return"),
                Order = Order(),
            }
        );
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return await ReadAsync<ClientSession>(response);
    }
}
