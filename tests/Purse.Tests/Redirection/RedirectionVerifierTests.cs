using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using Purse.Models;

namespace Purse.Tests.Redirection;

/// <summary>
/// The verifier accepts a token Purse signed and refuses every classic JWS attack, each with
/// its own reason. Keys are generated per fixture and served as a JWKS through MockHttp.
/// </summary>
public sealed class RedirectionVerifierTests
{
    private static readonly Guid ClientSessionId = Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    private static readonly Guid PaymentId = Guid.Parse("9a14962c-bdcf-49d1-8673-e75dfb48013f");
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private TestSigningKey _rsa = null!;
    private TestSigningKey _ec = null!;
    private TestSigningKey _pss = null!;
    private TestSigningKey _otherRsa = null!;
    private MockJwksEndpoint _jwks = null!;
    private FakeTimeProvider _time = null!;
    private RedirectionVerifier _verifier = null!;

    // RSA key generation is slow: the keys are shared by the fixture, everything else is per test.
    [OneTimeSetUp]
    public void CreateKeys()
    {
        _rsa = TestSigningKey.Rsa("purse-rsa-1");
        _ec = TestSigningKey.EcP256("purse-ec-1");
        _pss = TestSigningKey.Rsa("purse-pss-1", SecurityAlgorithms.RsaSsaPssSha256);
        _otherRsa = TestSigningKey.Rsa("purse-rsa-2");
    }

    [OneTimeTearDown]
    public void DisposeKeys()
    {
        _rsa.Dispose();
        _ec.Dispose();
        _pss.Dispose();
        _otherRsa.Dispose();
    }

    [SetUp]
    public void SetUp()
    {
        _jwks = new MockJwksEndpoint(_rsa, _ec, _pss, _otherRsa);
        _time = new FakeTimeProvider(Now);
        _verifier = _jwks.Verifier(_time);
    }

    [TearDown]
    public void TearDown() => _jwks.Dispose();

    private static Dictionary<string, object> Claims(
        string authorizationStatus = "AUTHORIZED",
        string clientSessionStatus = "SUBMITTED"
    ) =>
        new()
        {
            ["client_session_id"] = ClientSessionId.ToString(),
            ["payment_id"] = PaymentId.ToString(),
            ["authorization_status"] = authorizationStatus,
            ["client_session_status"] = clientSessionStatus,
        };

    private static JObject ClaimsJson() => JObject.FromObject(Claims());

    private PurseRedirectionDataException Refused(string token, RedirectionFailure reason)
    {
        var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() => _verifier.VerifyAsync(token));
        Assert.That(refused!.Reason, Is.EqualTo(reason), refused.Message);
        return refused;
    }

    [TestCase("rsa")]
    [TestCase("ec")]
    [TestCase("pss")]
    public async Task A_token_signed_by_a_published_key_verifies_and_its_claims_come_back_typed(string which)
    {
        var key = which switch
        {
            "rsa" => _rsa,
            "ec" => _ec,
            _ => _pss,
        };
        var token = key.Sign(Claims(), expires: Now.AddMinutes(10));

        var data = await _verifier.VerifyAsync(token);

        Assert.That(
            data,
            Is.EqualTo(
                new RedirectionData(
                    ClientSessionId,
                    PaymentId,
                    AuthorizationStatus.Authorized,
                    ClientSessionStatus.Submitted
                )
            )
        );
        Assert.That(_jwks.FetchCount, Is.EqualTo(1));
        _jwks.AssertOnlyJwksGets();
    }

    [Test]
    public async Task The_full_return_url_is_accepted_and_the_token_is_read_from_its_query()
    {
        var token = _rsa.Sign(Claims());
        var url =
            $"https://shop.example/checkout/return?order=42&purse-redirection-data={Uri.EscapeDataString(token)}#done";

        var data = await _verifier.VerifyAsync(url);

        Assert.That(data.PaymentId, Is.EqualTo(PaymentId));
    }

    [Test]
    public async Task Unknown_status_values_are_kept_rather_than_refused()
    {
        var token = _ec.Sign(Claims("PARTIALLY_AUTHORIZED", "AWAITING_SHOPPER"));

        var data = await _verifier.VerifyAsync(token);

        Assert.Multiple(() =>
        {
            Assert.That(data.AuthorizationStatus.Value, Is.EqualTo("PARTIALLY_AUTHORIZED"));
            Assert.That(data.AuthorizationStatus.IsKnown, Is.False);
            Assert.That(data.ClientSessionStatus.Value, Is.EqualTo("AWAITING_SHOPPER"));
            Assert.That(data.ClientSessionStatus.IsKnown, Is.False);
        });
    }

    [Test]
    public void Alg_none_is_refused_before_any_key_is_fetched()
    {
        var token = HandMadeJws.Unsigned(
            new JObject
            {
                ["alg"] = "none",
                ["kid"] = _rsa.Kid,
                ["typ"] = "JWT",
            },
            ClaimsJson()
        );

        var refused = Refused(token, RedirectionFailure.AlgorithmNotAllowed);

        Assert.That(refused.Message, Does.Contain("'none'"));
        Assert.That(_jwks.FetchCount, Is.Zero, "the algorithm is checked before anything else");
    }

    [Test]
    public void Hs256_keyed_with_the_published_jwk_json_is_refused()
    {
        var secret = System.Text.Encoding.UTF8.GetBytes(_rsa.PublicJwk.ToString(Newtonsoft.Json.Formatting.None));
        var token = HandMadeJws.Hmac(new JObject { ["alg"] = "HS256", ["kid"] = _rsa.Kid }, ClaimsJson(), secret);

        var refused = Refused(token, RedirectionFailure.AlgorithmNotAllowed);

        Assert.That(refused.Message, Does.Contain("'HS256'"));
        Assert.That(_jwks.FetchCount, Is.Zero);
    }

    [Test]
    public void Hs256_keyed_with_the_public_key_bytes_is_refused()
    {
        var token = HandMadeJws.Hmac(
            new JObject { ["alg"] = "HS256", ["kid"] = _rsa.Kid },
            ClaimsJson(),
            _rsa.PublicKeyBytes()
        );

        Refused(token, RedirectionFailure.AlgorithmNotAllowed);
    }

    [TestCase("HS384")]
    [TestCase("HS512")]
    [TestCase("rs256")]
    [TestCase("RSA-OAEP")]
    public void Other_algorithms_are_refused(string alg)
    {
        var token = HandMadeJws.Replace(_rsa.Sign(Claims()), header: new JObject { ["alg"] = alg, ["kid"] = _rsa.Kid });

        Refused(token, RedirectionFailure.AlgorithmNotAllowed);
    }

    [TestCase("{\"alg\":256,\"kid\":\"purse-rsa-1\"}")]
    [TestCase("{\"alg\":[\"RS256\"],\"kid\":\"purse-rsa-1\"}")]
    [TestCase("{\"alg\":\"RS256\",\"kid\":7}")]
    [TestCase("{\"alg\":\"RS256\",\"kid\":{\"id\":\"purse-rsa-1\"}}")]
    public void Header_values_of_the_wrong_json_type_are_malformed(string header)
    {
        var genuine = _rsa.Sign(Claims());
        var token = Base64UrlEncoder.Encode(header) + genuine[genuine.IndexOf('.')..];

        Refused(token, RedirectionFailure.Malformed);
        Assert.That(_jwks.FetchCount, Is.Zero);
    }

    [Test]
    public void A_header_without_alg_is_refused()
    {
        var token = HandMadeJws.Replace(_rsa.Sign(Claims()), header: new JObject { ["kid"] = _rsa.Kid });

        Refused(token, RedirectionFailure.AlgorithmNotAllowed);
    }

    [Test]
    public void A_token_without_kid_is_refused()
    {
        var token = HandMadeJws.Replace(
            _rsa.Sign(Claims()),
            header: new JObject { ["alg"] = "RS256", ["typ"] = "JWT" }
        );

        Refused(token, RedirectionFailure.MissingKeyId);
        Assert.That(_jwks.FetchCount, Is.Zero);
    }

    [Test]
    public void A_kid_purse_does_not_publish_is_refused_and_named()
    {
        var token = _rsa.Sign(Claims(), kidOverride: "attacker-key");

        var refused = Refused(token, RedirectionFailure.UnknownKeyId);

        Assert.That(refused.Message, Does.Contain("'attacker-key'"));
    }

    [Test]
    public void A_kid_swapped_to_another_published_rsa_key_fails_the_signature()
    {
        var token = _rsa.Sign(Claims(), kidOverride: _otherRsa.Kid);

        Refused(token, RedirectionFailure.InvalidSignature);
    }

    [Test]
    public void A_kid_swapped_to_the_ec_key_does_not_fit_rs256()
    {
        var token = _rsa.Sign(Claims(), kidOverride: _ec.Kid);

        var refused = Refused(token, RedirectionFailure.KeyAlgorithmMismatch);

        Assert.That(refused.Message, Does.Contain("RS256 needs an RSA key"));
    }

    [Test]
    public void Rs256_with_a_key_published_for_ps256_is_refused()
    {
        var token = _rsa.Sign(Claims(), kidOverride: _pss.Kid);

        var refused = Refused(token, RedirectionFailure.KeyAlgorithmMismatch);

        Assert.That(refused.Message, Does.Contain("published for PS256"));
    }

    [Test]
    public void Es384_with_a_p256_key_is_refused()
    {
        var token = HandMadeJws.Replace(
            _ec.Sign(Claims()),
            header: new JObject { ["alg"] = "ES384", ["kid"] = _ec.Kid }
        );

        var refused = Refused(token, RedirectionFailure.KeyAlgorithmMismatch);

        Assert.That(refused.Message, Does.Contain("needs curve P-384"));
    }

    [Test]
    public void A_stripped_signature_is_refused()
    {
        var genuine = _rsa.Sign(Claims());

        Refused(genuine[..(genuine.LastIndexOf('.') + 1)], RedirectionFailure.InvalidSignature);
    }

    [Test]
    public void An_encrypted_jwe_is_not_accepted_as_a_signed_token()
    {
        var header = HandMadeJws.Segment(
            new JObject
            {
                ["alg"] = "RSA-OAEP",
                ["enc"] = "A256GCM",
                ["kid"] = _rsa.Kid,
            }
        );

        Refused($"{header}.a2V5.aXY.Y2lwaGVy.dGFn", RedirectionFailure.Malformed);
    }

    [Test]
    public void A_tampered_payload_fails_the_signature()
    {
        var genuine = _rsa.Sign(Claims("REFUSED", "SUBMITTED"));
        var payload = HandMadeJws.Decode(genuine.Split('.')[1]);
        payload["authorization_status"] = "AUTHORIZED";

        Refused(HandMadeJws.Replace(genuine, payload: payload), RedirectionFailure.InvalidSignature);
    }

    [Test]
    public void A_tampered_header_fails_the_signature()
    {
        var genuine = _ec.Sign(Claims());
        var header = HandMadeJws.Decode(genuine.Split('.')[0]);
        header["typ"] = "at+jwt";

        Refused(HandMadeJws.Replace(genuine, header: header), RedirectionFailure.InvalidSignature);
    }

    [Test]
    public void A_signature_by_an_unpublished_key_under_a_published_kid_is_refused()
    {
        using var impostor = TestSigningKey.Rsa(_rsa.Kid);

        Refused(impostor.Sign(Claims()), RedirectionFailure.InvalidSignature);
    }

    [Test]
    public void An_expired_token_is_refused_beyond_the_clock_skew()
    {
        var token = _rsa.Sign(Claims(), expires: Now.AddMinutes(-3));

        var refused = Refused(token, RedirectionFailure.Expired);

        Assert.That(refused.Message, Does.Contain("2025-03-01T11:57:00"));
    }

    [Test]
    public async Task A_token_expired_within_the_clock_skew_is_still_accepted()
    {
        var token = _rsa.Sign(Claims(), expires: Now.AddMinutes(-1));

        var data = await _verifier.VerifyAsync(token);

        Assert.That(data.PaymentId, Is.EqualTo(PaymentId));
    }

    [Test]
    public void Expiry_follows_the_injected_clock()
    {
        var token = _rsa.Sign(Claims(), expires: Now.AddMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(8));

        Refused(token, RedirectionFailure.Expired);
    }

    [Test]
    public void A_token_not_yet_valid_is_refused()
    {
        var token = _rsa.Sign(Claims(), notBefore: Now.AddMinutes(10), expires: Now.AddMinutes(20));

        Refused(token, RedirectionFailure.NotYetValid);
    }

    [TestCase("client_session_id")]
    [TestCase("payment_id")]
    [TestCase("authorization_status")]
    [TestCase("client_session_status")]
    public void A_missing_claim_is_refused_and_named(string claim)
    {
        var claims = Claims();
        claims.Remove(claim);

        var refused = Refused(_rsa.Sign(claims), RedirectionFailure.MissingClaim);

        Assert.That(refused.Message, Does.Contain($"'{claim}'"));
    }

    [TestCase("payment_id", "not-a-uuid")]
    [TestCase("client_session_id", 42)]
    [TestCase("authorization_status", "")]
    [TestCase("client_session_status", true)]
    public void A_malformed_claim_is_refused_and_named(string claim, object value)
    {
        var claims = Claims();
        claims[claim] = value;

        var refused = Refused(_rsa.Sign(claims), RedirectionFailure.InvalidClaim);

        Assert.That(refused.Message, Does.Contain($"'{claim}'"));
    }

    [TestCase("not a token")]
    [TestCase("abc.def")]
    [TestCase("a.b.c.d.e.f")]
    [TestCase("eyJhbGciOiJSUzI1NiJ9.%%%.sig")]
    [TestCase("https://shop.example/return?order=42")]
    public void Something_that_is_not_a_compact_jws_is_malformed(string input)
    {
        Refused(input, RedirectionFailure.Malformed);
        Assert.That(_jwks.FetchCount, Is.Zero);
    }

    [Test]
    public void A_header_that_is_not_json_is_malformed()
    {
        var genuine = _rsa.Sign(Claims());
        var token = Base64UrlEncoder.Encode("{\"alg\":\"RS256\",") + genuine[genuine.IndexOf('.')..];

        Refused(token, RedirectionFailure.Malformed);
    }

    [Test]
    public void Refusals_never_put_the_token_in_the_message()
    {
        var token = _rsa.Sign(Claims(), kidOverride: "x");
        var refused = Refused(token, RedirectionFailure.UnknownKeyId);

        Assert.That(refused.Message, Does.Not.Contain(token.Split('.')[1]));
    }

    [Test]
    public void A_refusal_is_logged_with_its_reason_and_without_the_token()
    {
        var logger = new FakeLogger<RedirectionVerifier>();
        _verifier = new RedirectionVerifier(_jwks, _time, new RedirectionVerificationOptions(), logger);
        var genuine = _rsa.Sign(Claims());
        var payload = HandMadeJws.Decode(genuine.Split('.')[1]);
        payload["payment_id"] = Guid.NewGuid().ToString();
        var tampered = HandMadeJws.Replace(genuine, payload: payload);

        Refused(tampered, RedirectionFailure.InvalidSignature);

        var refusal = logger.Collector.GetSnapshot().Single(r => r.Id.Id == 5005);
        Assert.Multiple(() =>
        {
            Assert.That(refusal.Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(refusal.Message, Does.Contain("InvalidSignature"));
            Assert.That(
                logger.Collector.GetSnapshot().Select(r => r.Message),
                Has.None.Contains(tampered.Split('.')[1])
            );
        });
    }

    [Test]
    public void A_forged_kid_is_shortened_and_made_printable_in_the_message()
    {
        var kid = "evil\r\nInjected: log line" + new string('k', 500);
        var token = _rsa.Sign(Claims(), kidOverride: kid);

        var refused = Refused(token, RedirectionFailure.UnknownKeyId);

        Assert.That(refused.Message, Does.Not.Contain("\n"));
        Assert.That(refused.Message.Length, Is.LessThan(200));
    }
}
