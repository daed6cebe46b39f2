using System.Net.Http.Headers;
using Newtonsoft.Json;
using Purse.IntegrationTests.Peers;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Tests.Support;

namespace Purse.IntegrationTests.Generated;

/// <summary>
/// Prism mocks the spec: every operation, called by the generated raw client with the spec's
/// request sample, passes Prism's request validation and gets the spec's response sample back.
/// Proves the spec is mockable and that the generated client speaks it.
/// </summary>
[NonParallelizable]
public sealed class PrismMockTests
{
    private PeerProcess _prism = null!;
    private HttpClient _http = null!;
    private IRawPurseClient _client = null!;

    [OneTimeSetUp]
    public async Task StartPrism()
    {
        _prism = await Prism.MockAsync();
        _http = new HttpClient(new CredentialsHandler { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = _prism.BaseAddress,
            Timeout = TimeSpan.FromSeconds(20),
        };
        _client = new RawPurseClient(_http);
    }

    [OneTimeTearDown]
    public async Task StopPrism()
    {
        _http?.Dispose();
        if (_prism is not null)
        {
            await _prism.DisposeAsync();
        }
    }

    private static IEnumerable<string> OperationIds() => SpecDocument.Current.Operations().Select(o => o.OperationId);

    [TestCaseSource(nameof(OperationIds))]
    public async Task Prism_accepts_the_request_and_answers_the_spec_sample(string operationId)
    {
        var op = SpecDocument.Current.Operation(operationId);

        object result = operationId switch
        {
            "requestAccessToken" => await _client.RequestAccessTokenAsync(
                Request<TokenRequest>(op, "application/x-www-form-urlencoded")
            ),
            "createClientSession" => await _client.CreateClientSessionAsync(
                Request<CreateClientSessionRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
            "getClientSession" => await _client.GetClientSessionAsync(Id(op)),
            "abortClientSession" => await _client.AbortClientSessionAsync(
                Id(op),
                body: Request<AbortClientSessionRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
            "createPayment" => await _client.CreatePaymentAsync(
                Request<CreatePaymentRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
            "getPayment" => await _client.GetPaymentAsync(Id(op), op.ParameterExample("Cache-Control")),
            "capturePayment" => await _client.CapturePaymentAsync(
                Id(op),
                Request<PaymentOperationRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
            "refundPayment" => await _client.RefundPaymentAsync(
                Id(op),
                body: Request<PaymentOperationRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
            "voidPayment" => await _client.VoidPaymentAsync(
                Id(op),
                body: Request<PaymentOperationRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
            "createPaymentLink" => await _client.CreatePaymentLinkAsync(
                Request<CreatePaymentLinkRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
            "getPaymentLink" => await _client.GetPaymentLinkAsync(Id(op)),
            "getSigningJwks" => await _client.GetSigningJwksAsync(),
            "checkEligibleSolutions" => await _client.CheckEligibleSolutionsAsync(
                Request<EligibleSolutionsRequest>(op)
            ),
            _ => throw new AssertionException($"No call is written for the operation '{operationId}'; add one."),
        };

        var written = JsonAssert.Parse(JsonConvert.SerializeObject(result, PurseJson.Settings));
        JsonAssert.AreEquivalent(op.ResponseExample(), written, "Prism's answer is the spec's sample");
    }

    [Test]
    public void Prism_refuses_a_request_that_breaks_the_spec()
    {
        var op = SpecDocument.Current.Operation("capturePayment");
        var request = Request<PaymentOperationRequest>(op);
        request.Amount = 0; // the spec says amount > 0

        var error = Assert.CatchAsync<RawApiException>(() => _client.CapturePaymentAsync(Id(op), request));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(
            error.Headers.TryGetValue("sl-violations", out var violations),
            Is.True,
            "Prism names the violation"
        );
        Assert.That(string.Join(" ", violations!), Does.Contain("amount"));
    }

    private static T Request<T>(SpecOperation op, string mediaType = "application/json") =>
        op.RequestExample(mediaType).ToObject<T>(JsonSerializer.Create(PurseJson.Settings))!;

    private static Guid Id(SpecOperation op) => Guid.Parse(op.ParameterExample("id"));

    /// <summary>Prism enforces the spec's security schemes: send both credentials.</summary>
    private sealed class CredentialsHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "prism-test-token");
            request.Headers.Add("x-api-key", "prism-test-key");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
