using System.Net;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

internal sealed class AuthenticationTests : EmulatorHarness
{
    [Test]
    public async Task Token_endpoint_issues_an_expiring_bearer_token_for_the_client_credentials()
    {
        using var response = await RequestTokenAsync(Emulator.ClientId, Emulator.ClientSecret);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var token = await ReadAsync<TokenResponse>(response);
        Assert.Multiple(() =>
        {
            Assert.That(token.AccessToken, Is.Not.Empty);
            Assert.That(token.TokenType, Is.EqualTo("Bearer"));
            Assert.That(token.ExpiresIn, Is.EqualTo(3600));
        });
    }

    [Test]
    public async Task Token_endpoint_refuses_a_wrong_secret_without_echoing_it()
    {
        using var response = await RequestTokenAsync(Emulator.ClientId, "not-the-secret");

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("not-the-secret"));
        Assert.That(problem.Detail, Does.Contain("client credentials"));
    }

    [Test]
    public async Task Token_endpoint_wants_grant_type_client_credentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent([
                new("grant_type", "password"),
                new("client_id", Emulator.ClientId),
                new("client_secret", Emulator.ClientSecret),
            ]),
        };
        using var response = await Http.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Single().Pointer, Is.EqualTo("/grant_type"));
    }

    [Test]
    public async Task Token_endpoint_also_takes_the_credentials_as_form_fields()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent([
                new("grant_type", "client_credentials"),
                new("client_id", Emulator.ClientId),
                new("client_secret", Emulator.ClientSecret),
            ]),
        };
        using var response = await Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_call_without_a_token_gets_401()
    {
        using var response = await SendAsync(
            HttpMethod.Get,
            $"/payment/v2/payments/{Guid.NewGuid()}",
            withToken: false
        );

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(problem.Detail, Is.EqualTo("The access token is missing."));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task A_call_with_a_token_the_emulator_never_issued_gets_401()
    {
        using var response = await SendAsync(HttpMethod.Get, $"/payment/v2/payments/{Guid.NewGuid()}", token: "forged");

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(problem.Detail, Is.EqualTo("The access token is invalid."));
    }

    [Test]
    public async Task A_token_is_refused_once_its_lifetime_has_passed()
    {
        var payment = await CreatePaymentAsync(PaymentRequest());
        Clock.Advance(TimeSpan.FromSeconds(3599));
        using (var stillValid = await SendAsync(HttpMethod.Get, $"/payment/v2/payments/{payment.Id}"))
        {
            Assert.That(stillValid.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await SendAsync(HttpMethod.Get, $"/payment/v2/payments/{payment.Id}");

        var problem = await ProblemAsync(expired, HttpStatusCode.Unauthorized);
        Assert.That(problem.Detail, Is.EqualTo("The access token is expired."));
    }

    [Test]
    public async Task A_call_without_x_api_key_gets_401_even_with_a_valid_token()
    {
        using var response = await SendAsync(
            HttpMethod.Post,
            "/payment/v2/payments",
            PaymentRequest(),
            withApiKey: false
        );

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(problem.Detail, Is.EqualTo("The x-api-key header is missing."));
        Assert.That(Emulator.WebhookDeliveries, Is.Empty, "nothing was created");
    }

    [Test]
    public async Task A_call_with_a_wrong_x_api_key_gets_401()
    {
        using var response = await SendAsync(HttpMethod.Get, $"/payment/v2/payments/{Guid.NewGuid()}", apiKey: "wrong");

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(problem.Detail, Is.EqualTo("The API key is invalid."));
    }

    [Test]
    public async Task Signing_keys_need_the_api_key_only()
    {
        using var withKeyOnly = await SendAsync(HttpMethod.Get, "/payment/v2/signing-jwks", withToken: false);
        using var withoutKey = await SendAsync(
            HttpMethod.Get,
            "/payment/v2/signing-jwks",
            withToken: false,
            withApiKey: false
        );

        Assert.That(withKeyOnly.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await ProblemAsync(withoutKey, HttpStatusCode.Unauthorized);
    }
}
