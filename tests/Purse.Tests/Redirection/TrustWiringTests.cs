using System.Net;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Redirection;

/// <summary>
/// Redirection verification and webhook verification through the real client built by
/// AddPurseClient: the keys and the payment come from Purse over the authenticated pipeline.
/// </summary>
public sealed class TrustWiringTests
{
    private static readonly Guid ClientSessionId = Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    private static readonly Guid PaymentId = Guid.Parse("9a14962c-bdcf-49d1-8673-e75dfb48013f");

    [Test]
    public async Task Redirection_data_is_verified_against_keys_fetched_from_signing_jwks()
    {
        using var key = TestSigningKey.Rsa("facade-kid-1");
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Get, new Uri(FacadeHarness.BaseAddress, "payment/v2/signing-jwks").AbsoluteUri)
            .Respond(_ =>
                FacadeHarness.Json(HttpStatusCode.OK, new JObject { ["keys"] = new JArray(key.PublicJwk) }.ToString())
            );
        var token = key.Sign(
            new Dictionary<string, object>
            {
                ["client_session_id"] = ClientSessionId.ToString(),
                ["payment_id"] = PaymentId.ToString(),
                ["authorization_status"] = "AUTHORIZED",
                ["client_session_status"] = "SUBMITTED",
            }
        );

        var data = await harness.Client.Redirection.VerifyAsync(
            $"https://shop.example/return?order=1&purse-redirection-data={token}"
        );

        Assert.Multiple(() =>
        {
            Assert.That(data.PaymentId, Is.EqualTo(PaymentId));
            Assert.That(data.ClientSessionId, Is.EqualTo(ClientSessionId));
            Assert.That(data.AuthorizationStatus, Is.EqualTo(AuthorizationStatus.Authorized));
            Assert.That(data.ClientSessionStatus, Is.EqualTo(ClientSessionStatus.Submitted));
        });
        var fetch = harness.ApiRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(fetch.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(fetch.Uri.AbsolutePath, Is.EqualTo("/payment/v2/signing-jwks"));
            Assert.That(fetch.Headers["x-api-key"], Is.EqualTo(SecretLeakGuard.ApiKey));
        });
    }

    [Test]
    public async Task A_refused_token_is_logged_once_at_warning_through_the_client_logger_without_the_token()
    {
        using var key = TestSigningKey.Rsa("facade-kid-2");
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Get, new Uri(FacadeHarness.BaseAddress, "payment/v2/signing-jwks").AbsoluteUri)
            .Respond(_ =>
                FacadeHarness.Json(HttpStatusCode.OK, new JObject { ["keys"] = new JArray(key.PublicJwk) }.ToString())
            );
        var genuine = key.Sign(
            new Dictionary<string, object>
            {
                ["client_session_id"] = ClientSessionId.ToString(),
                ["payment_id"] = PaymentId.ToString(),
                ["authorization_status"] = "REFUSED",
                ["client_session_status"] = "SUBMITTED",
            }
        );
        var payload = HandMadeJws.Decode(genuine.Split('.')[1]);
        payload["authorization_status"] = "AUTHORIZED";
        var forged = HandMadeJws.Replace(genuine, payload: payload);

        var refused = await FacadeHarness.ThrowsAsync<PurseRedirectionDataException>(() =>
            harness.Client.Redirection.VerifyAsync(forged)
        );

        Assert.That(refused.Reason, Is.EqualTo(RedirectionFailure.InvalidSignature));
        var verifierLogs = harness.Logs.GetSnapshot().Where(r => r.Category == "Purse.RedirectionVerifier").ToList();
        var warning = verifierLogs.Single(r => r.Level == LogLevel.Warning);
        Assert.Multiple(() =>
        {
            Assert.That(warning.Message, Does.Contain("InvalidSignature"));
            foreach (var part in forged.Split('.'))
            {
                Assert.That(
                    verifierLogs.Select(r => r.Message),
                    Has.None.Contains(part),
                    "no part of the token is logged"
                );
            }
        });
    }

    [Test]
    public async Task A_webhook_is_confirmed_by_one_get_of_the_payment_without_max_age()
    {
        var sample = (JObject)SpecDocument.Current.Operation("getPayment").ResponseExample();
        using var harness = new FacadeHarness();
        var authoritative = (JObject)sample.DeepClone();
        authoritative["amounts"]!["total_captured"] = 0;
        harness
            .Mock.When(
                HttpMethod.Get,
                new Uri(FacadeHarness.BaseAddress, $"payment/v2/payments/{PaymentId}").AbsoluteUri
            )
            .Respond(_ => FacadeHarness.Json(HttpStatusCode.OK, authoritative.ToString()));
        var webhookBody = (JObject)sample.DeepClone();
        webhookBody["amounts"]!["total_captured"] = 4299; // what a forged body might claim

        var parsed = harness.Client.Webhooks.Parse(webhookBody.ToString());
        var confirmed = await harness.Client.Webhooks.VerifyByRefetchAsync(parsed);

        Assert.That(confirmed.Amounts!.TotalCaptured, Is.EqualTo(0), "Purse's answer wins over the body");
        var get = harness.ApiRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(get.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(get.Uri.AbsolutePath, Is.EqualTo($"/payment/v2/payments/{PaymentId}"));
            Assert.That(get.Headers.ContainsKey("Cache-Control"), Is.False, "no max-age: Purse asks the partners");
            Assert.That(get.Headers["Authorization"], Does.StartWith("Bearer "));
            Assert.That(get.Headers["x-api-key"], Is.EqualTo(SecretLeakGuard.ApiKey));
        });
    }
}
