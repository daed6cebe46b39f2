using System.Net;
using Purse.Models;
using Purse.Tests.Facade;
using RichardSzalay.MockHttp;

namespace Purse.Tests.ProductionSafety;

/// <summary>
/// What a hostile or broken token endpoint answers (issue 21, second attack review): whatever the answer,
/// the call ends in <see cref="PurseAuthenticationException"/> from the token endpoint and sends nothing to
/// the API.
/// </summary>
public sealed class TokenEndpointAnswerTests
{
    private static HttpResponseMessage TokenAnswer(HttpStatusCode status, string body) => FacadeHarness.Json(status, body);

    private static Task Capture(FacadeHarness harness) => harness.Client.Payments.CaptureAsync(
        FacadeSamples.PaymentId, Money.FromMinorUnits(100, Currency.Eur), CancellationToken.None);

    // Item 1: Duende's TokenResponse throws InvalidOperationException on a JSON root that is not an object; it
    // escaped untyped and was reported as an unreadable API body ("The request was probably carried out").
    [TestCase(HttpStatusCode.OK, "[]")]
    [TestCase(HttpStatusCode.OK, "\"maintenance\"")]
    [TestCase(HttpStatusCode.OK, "null")]
    [TestCase(HttpStatusCode.BadRequest, "[]")]
    public async Task A_token_answer_whose_json_is_not_an_object_is_an_authentication_failure(HttpStatusCode status, string body)
    {
        using var harness = new FacadeHarness(defaultTokenEndpoint: false);
        harness.Mock.When(HttpMethod.Post, FacadeHarness.TokenEndpoint.AbsoluteUri).Respond(_ => TokenAnswer(status, body));

        var error = await FacadeHarness.ThrowsAsync<PurseAuthenticationException>(() => Capture(harness));

        Assert.Multiple(() =>
        {
            Assert.That(error.FromTokenEndpoint, Is.True);
            Assert.That(error.StatusCode, Is.EqualTo(status));
            Assert.That(error.Message, Does.Contain("No access token could be obtained"));
            Assert.That(error.Message, Does.Not.Contain("probably carried out"));
            Assert.That(harness.ApiRequests, Is.Empty, "nothing was sent to the API");
        });
    }
}
