using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;

namespace Purse.Tests.Redirection;

/// <summary>
/// The limits a genuine-looking, correctly signed token must still respect: key strength, the
/// header parameters this client does not implement (<c>crit</c>, <c>b64</c>) and the JSON types
/// of the registered time claims. Tokens are signed by hand, since the library would not write them.
/// </summary>
public sealed class JwsStrictnessTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private TestSigningKey _rsa2048 = null!;
    private TestSigningKey _rsa1024 = null!;
    private TestSigningKey _rsa512 = null!;
    private TestSigningKey _p256 = null!;
    private TestSigningKey _p384 = null!;
    private TestSigningKey _p521 = null!;
    private MockJwksEndpoint _jwks = null!;
    private RedirectionVerifier _verifier = null!;

    [OneTimeSetUp]
    public void CreateKeys()
    {
        _rsa2048 = TestSigningKey.Rsa("rsa-2048");
        _rsa1024 = TestSigningKey.Rsa("rsa-1024", bits: 1024);
        _rsa512 = TestSigningKey.Rsa("rsa-512", bits: 512);
        _p256 = TestSigningKey.Ec("ec-p256", "P-256");
        _p384 = TestSigningKey.Ec("ec-p384", "P-384");
        _p521 = TestSigningKey.Ec("ec-p521", "P-521");
    }

    [OneTimeTearDown]
    public void DisposeKeys()
    {
        _rsa2048.Dispose();
        _rsa1024.Dispose();
        _rsa512.Dispose();
        _p256.Dispose();
        _p384.Dispose();
        _p521.Dispose();
    }

    [SetUp]
    public void SetUp()
    {
        _jwks = new MockJwksEndpoint(_rsa2048, _rsa1024, _rsa512, _p256, _p384, _p521);
        // The RSA entries name no alg, so one key can sign with every RS*/PS* algorithm.
        foreach (var jwk in _jwks.Document["keys"]!.Children<JObject>())
        {
            jwk.Remove("alg");
        }
        _verifier = _jwks.Verifier(new FakeTimeProvider(Now));
    }

    [TearDown]
    public void TearDown() => _jwks.Dispose();

    private static JObject Header(TestSigningKey key, string? alg = null) =>
        new() { ["alg"] = alg ?? key.Alg, ["kid"] = key.Kid };

    private static JObject Payload() =>
        new()
        {
            ["client_session_id"] = Guid.NewGuid().ToString(),
            ["payment_id"] = Guid.NewGuid().ToString(),
            ["authorization_status"] = "AUTHORIZED",
            ["client_session_status"] = "SUBMITTED",
        };

    private PurseRedirectionDataException Refused(string token, RedirectionFailure reason)
    {
        var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() => _verifier.VerifyAsync(token));
        Assert.That(refused!.Reason, Is.EqualTo(reason), refused.Message);
        Assert.That(refused.Message, Does.Not.Contain(token.Split('.')[1]), "the message never carries the token");
        return refused;
    }

    [TestCase("RS256")]
    [TestCase("RS384")]
    [TestCase("RS512")]
    [TestCase("PS256")]
    [TestCase("PS384")]
    [TestCase("PS512")]
    public async Task Every_accepted_rsa_algorithm_verifies_with_a_2048_bit_key(string alg)
    {
        var data = await _verifier.VerifyAsync(_rsa2048.SignByHand(Header(_rsa2048, alg), Payload()));

        Assert.That(data.AuthorizationStatus.Value, Is.EqualTo("AUTHORIZED"));
    }

    [TestCase("P-256")]
    [TestCase("P-384")]
    [TestCase("P-521")]
    public async Task Ec_keys_on_p256_p384_and_p521_verify_with_their_algorithm(string crv)
    {
        var key = crv switch
        {
            "P-256" => _p256,
            "P-384" => _p384,
            _ => _p521,
        };

        var data = await _verifier.VerifyAsync(key.SignByHand(Header(key), Payload()));

        Assert.That(data.ClientSessionStatus.Value, Is.EqualTo("SUBMITTED"));
    }

    [TestCase(1024)]
    [TestCase(512)]
    public void An_rsa_key_under_2048_bits_is_refused_as_weak(int bits)
    {
        var key = bits == 1024 ? _rsa1024 : _rsa512;

        var refused = Refused(key.SignByHand(Header(key), Payload()), RedirectionFailure.WeakKey);

        Assert.That(refused.Message, Does.Contain($"{bits}-bit").And.Contain("2048"));
    }

    [Test]
    public void A_modulus_padded_with_zero_bytes_is_measured_by_its_bits_not_its_length()
    {
        // 128 zero bytes make a 1024-bit modulus as long as a 2048-bit one.
        var padded = (JObject)_rsa1024.PublicJwk.DeepClone();
        padded["kid"] = "rsa-1024-padded";
        padded["n"] = Base64UrlEncoder.Encode(
            new byte[128]
                .Concat(Base64UrlEncoder.DecodeBytes((string)_rsa1024.PublicJwk["n"]!))
                .ToArray()
        );
        ((JArray)_jwks.Document["keys"]!).Add(padded);

        var refused = Refused(
            _rsa1024.SignByHand(new JObject { ["alg"] = "RS256", ["kid"] = "rsa-1024-padded" }, Payload()),
            RedirectionFailure.WeakKey
        );

        Assert.That(refused.Message, Does.Contain("1024-bit"));
    }

    [Test]
    public void An_rsa_entry_whose_modulus_is_not_base64url_is_refused_not_thrown_on()
    {
        var broken = (JObject)_rsa2048.PublicJwk.DeepClone();
        broken["kid"] = "rsa-broken-n";
        broken["n"] = "!!not*base64url!!";
        ((JArray)_jwks.Document["keys"]!).Add(broken);

        var refused = Refused(
            _rsa2048.SignByHand(new JObject { ["alg"] = "RS256", ["kid"] = "rsa-broken-n" }, Payload()),
            RedirectionFailure.WeakKey
        );

        Assert.That(refused.Message, Does.Contain("'n'"));
    }

    [TestCase("P-192")]
    [TestCase("secp256k1")]
    public void An_ec_key_on_another_curve_is_refused_as_weak(string crv)
    {
        ((JArray)_jwks.Document["keys"]!).Add(
            new JObject
            {
                ["kty"] = "EC",
                ["kid"] = "ec-other",
                ["crv"] = crv,
                ["x"] = Base64UrlEncoder.Encode(new byte[32]),
                ["y"] = Base64UrlEncoder.Encode(new byte[32]),
            }
        );

        var refused = Refused(
            _p256.SignByHand(new JObject { ["alg"] = "ES256", ["kid"] = "ec-other" }, Payload()),
            RedirectionFailure.WeakKey
        );

        Assert.That(refused.Message, Does.Contain(crv));
    }

    [TestCase("[\"http://example.invalid/UNDEFINED\"]")]
    [TestCase("[\"exp\"]")]
    [TestCase("[]")]
    [TestCase("\"http://example.invalid/UNDEFINED\"")]
    public void A_crit_header_is_refused_before_any_key_is_fetched(string crit)
    {
        // RFC 7515 4.1.11: a recipient that does not understand a listed extension must reject the JWS.
        var header = Header(_rsa2048);
        header["crit"] = JToken.Parse(crit);
        header["http://example.invalid/UNDEFINED"] = true;

        var refused = Refused(_rsa2048.SignByHand(header, Payload()), RedirectionFailure.CriticalHeader);

        Assert.That(refused.Message, Does.Contain("'crit'"));
        Assert.That(_jwks.FetchCount, Is.Zero);
    }

    [TestCase(false, false)]
    [TestCase(false, true)]
    [TestCase("false", false)]
    public void An_unencoded_payload_b64_header_is_refused_before_any_key_is_fetched(object b64, bool listedInCrit)
    {
        // RFC 7797: with b64 false the signature covers the raw payload; this client implements no such thing.
        var header = Header(_rsa2048);
        header["b64"] = JToken.FromObject(b64);
        if (listedInCrit)
        {
            header["crit"] = new JArray("b64");
        }

        var refused = Refused(_rsa2048.SignByHand(header, Payload()), RedirectionFailure.UnsupportedHeader);

        Assert.That(refused.Message, Does.Contain("'b64'"));
        Assert.That(_jwks.FetchCount, Is.Zero);
    }

    [Test]
    public async Task A_b64_header_set_to_true_changes_nothing_and_verifies()
    {
        var header = Header(_rsa2048);
        header["b64"] = true;

        var data = await _verifier.VerifyAsync(_rsa2048.SignByHand(header, Payload()));

        Assert.That(data.AuthorizationStatus.Value, Is.EqualTo("AUTHORIZED"));
    }

    [TestCase("exp", "\"4070908800\"")]
    [TestCase("exp", "\"2099-01-01T00:00:00Z\"")]
    [TestCase("exp", "true")]
    [TestCase("exp", "[4070908800]")]
    [TestCase("nbf", "\"1740830400\"")]
    [TestCase("iat", "\"1740830400\"")]
    [TestCase("iat", "{\"at\":1740830400}")]
    public void A_registered_time_claim_that_is_not_a_json_number_is_refused(string claim, string json)
    {
        var payload = Payload();
        payload[claim] = JToken.Parse(json);

        var refused = Refused(_rsa2048.SignByHand(Header(_rsa2048), payload), RedirectionFailure.InvalidClaim);

        Assert.That(refused.Message, Does.Contain($"'{claim}'").And.Contain("number"));
    }

    [Test]
    public async Task Time_claims_written_as_numbers_are_accepted_fractions_included()
    {
        var payload = Payload();
        payload["exp"] = 4070908800.5;
        payload["nbf"] = 1740830400;
        payload["iat"] = 1740830400;

        var data = await _verifier.VerifyAsync(_rsa2048.SignByHand(Header(_rsa2048), payload));

        Assert.That(data.PaymentId, Is.EqualTo(Guid.Parse((string)payload["payment_id"]!)));
    }
}
