using System.Net;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Errors;

/// <summary>
/// Every server value that can surface is masked: a server that echoes the API key or the access
/// token, in headers, in problem fields, JSON-escaped or percent-encoded, does not get it into
/// messages, ToString(), properties or logs.
/// </summary>
public sealed class MaskingTests
{
    private static readonly string PaymentUrl = FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [TestCase("x-request-id", "api key")]
    [TestCase("x-request-id", "token")]
    [TestCase("traceparent", "token")]
    [TestCase("x-correlation-id", "secret")]
    public async Task A_secret_echoed_in_a_request_id_header_is_masked(string header, string which)
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(request =>
        {
            var response = FacadeHarness.Json(HttpStatusCode.NotFound, FacadeSamples.ErrorExample("NotFound"), "application/problem+json");
            response.Headers.TryAddWithoutValidation(header, $"req-{Echo(request, which)}-1");
            return response;
        });

        var error = await FacadeHarness.ThrowsAsync<PurseNotFoundException>(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId));

        AssertNothingLeaks(error);
        Assert.That(error.RequestId, Does.StartWith("req-***"), "the rest of the id is kept");
    }

    [TestCase("json-escaped")]
    [TestCase("percent-encoded")]
    [TestCase("plain")]
    public async Task A_secret_echoed_in_a_problem_body_is_masked_in_every_form(string form)
    {
        using var harness = new FacadeHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(request =>
        {
            var token = Encode(request.Headers.Authorization!.Parameter!, form);
            var key = Encode(SecretLeakGuard.ApiKey, form);
            return FacadeHarness.Json(HttpStatusCode.BadRequest,
                $$"""{"title":"bad token {{token}}","detail":"key {{key}} refused","errors":[{"pointer":"/{{key}}","detail":"token {{token}}"}]}""",
                "application/problem+json");
        });

        var error = await FacadeHarness.ThrowsAsync<PurseValidationException>(() => harness.Client.Payments.GetAsync(FacadeSamples.PaymentId));

        AssertNothingLeaks(error);
        Assert.That(error.Problem?.Detail, Does.Contain("refused"), "the rest of the problem is kept");
    }

    private static string Echo(HttpRequestMessage request, string which) => which switch
    {
        "api key" => SecretLeakGuard.ApiKey,
        "token" => request.Headers.Authorization!.Parameter!,
        _ => SecretLeakGuard.ClientSecret,
    };

    private static string Encode(string secret, string form) => form switch
    {
        "json-escaped" => secret.Replace("-", "\\u002d", StringComparison.Ordinal).Replace("C", "\\u0043", StringComparison.Ordinal),
        "percent-encoded" => secret.Replace("-", "%2D", StringComparison.Ordinal).Replace("K", "%4b", StringComparison.Ordinal),
        _ => secret,
    };

    private static void AssertNothingLeaks(PurseApiException error)
    {
        var surfaces = new Dictionary<string, string?>
        {
            ["Message"] = error.Message,
            ["ToString()"] = error.ToString(),
            ["RequestId"] = error.RequestId,
            ["BodyExcerpt"] = error.Response.BodyExcerpt,
            ["Problem.Title"] = error.Problem?.Title,
            ["Problem.Detail"] = error.Problem?.Detail,
            ["Problem.Errors"] = string.Join(" ", error.Problem?.Errors?.Select(e => $"{e.Pointer} {e.Detail}") ?? []),
            ["Response"] = error.Response.ToString(),
        };
        Assert.Multiple(() =>
        {
            foreach (var (name, text) in surfaces)
            {
                foreach (var secret in SecretLeakGuard.Secrets)
                {
                    Assert.That(text ?? "", Does.Not.Contain(secret).IgnoreCase, $"{name} shows a secret");
                }
            }
        });
    }
}
