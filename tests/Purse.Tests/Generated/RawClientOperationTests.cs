using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Generated;

/// <summary>
/// Drives every operation of the spec through the generated raw client: what it sends must be
/// the reference's request sample, and the reference's response sample must come back whole.
/// </summary>
public sealed class RawClientOperationTests
{
    /// <summary>How each operation is called; the request DTO is read from the spec's example.</summary>
    private static readonly Dictionary<string, Func<IRawPurseClient, SpecOperation, Task<object>>> Calls = new()
    {
        ["requestAccessToken"] = async (c, op) =>
            await c.RequestAccessTokenAsync(Request<TokenRequest>(op, "application/x-www-form-urlencoded")),
        ["createClientSession"] = async (c, op) =>
            await c.CreateClientSessionAsync(
                Request<CreateClientSessionRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
        ["getClientSession"] = async (c, op) => await c.GetClientSessionAsync(Id(op)),
        ["abortClientSession"] = async (c, op) =>
            await c.AbortClientSessionAsync(
                Id(op),
                body: Request<AbortClientSessionRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
        ["createPayment"] = async (c, op) =>
            await c.CreatePaymentAsync(
                Request<CreatePaymentRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
        ["getPayment"] = async (c, op) => await c.GetPaymentAsync(Id(op), op.ParameterExample("Cache-Control")),
        ["capturePayment"] = async (c, op) =>
            await c.CapturePaymentAsync(
                Id(op),
                Request<PaymentOperationRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
        ["refundPayment"] = async (c, op) =>
            await c.RefundPaymentAsync(
                Id(op),
                body: Request<PaymentOperationRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
        ["voidPayment"] = async (c, op) =>
            await c.VoidPaymentAsync(
                Id(op),
                body: Request<PaymentOperationRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
        ["createPaymentLink"] = async (c, op) =>
            await c.CreatePaymentLinkAsync(
                Request<CreatePaymentLinkRequest>(op),
                x_idempotency_key: op.ParameterExample("x-idempotency-key")
            ),
        ["getPaymentLink"] = async (c, op) => await c.GetPaymentLinkAsync(Id(op)),
        ["getSigningJwks"] = async (c, op) => await c.GetSigningJwksAsync(),
        ["checkEligibleSolutions"] = async (c, op) =>
            await c.CheckEligibleSolutionsAsync(Request<EligibleSolutionsRequest>(op)),
    };

    private static IEnumerable<string> OperationIds() => SpecDocument.Current.Operations().Select(o => o.OperationId);

    [Test]
    public void The_spec_has_every_operation_of_the_reference_and_no_other()
    {
        Assert.That(OperationIds(), Is.EquivalentTo(Calls.Keys));
    }

    [TestCaseSource(nameof(OperationIds))]
    public async Task Sends_the_reference_request(string operationId)
    {
        var op = SpecDocument.Current.Operation(operationId);
        using var harness = new RawClientHarness();
        harness.RespondWith((HttpStatusCode)int.Parse(op.SuccessStatus), op.ResponseExample().ToString());

        await Calls[operationId](harness.Client, op);

        Assert.That(harness.Requests, Has.Count.EqualTo(1));
        var sent = harness.Requests[0];
        Assert.Multiple(() =>
        {
            Assert.That(sent.Method.Method, Is.EqualTo(op.Method));
            Assert.That(sent.Uri.AbsolutePath, Is.EqualTo(op.Path.Replace("{id}", IdText(op))));
            Assert.That(sent.Headers["Accept"], Does.Contain("application/json"));
        });

        var requestContent = op.Node.SelectToken("requestBody.content") as JObject;
        if (requestContent is null)
        {
            Assert.That(sent.Body, Is.Empty, "an operation without a request body sends none");
        }
        else if (requestContent.ContainsKey("application/x-www-form-urlencoded"))
        {
            Assert.That(sent.ContentType, Is.EqualTo("application/x-www-form-urlencoded"));
            var form = sent
                .Body.Split('&')
                .Select(p => p.Split('='))
                .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
            var expected = ((JObject)op.RequestExample("application/x-www-form-urlencoded"))
                .Properties()
                .ToDictionary(p => p.Name, p => (string)p.Value!);
            Assert.That(form, Is.EquivalentTo(expected));
        }
        else
        {
            Assert.That(sent.ContentType, Is.EqualTo("application/json"));
            JsonAssert.AreEquivalent(
                op.RequestExample(),
                JsonAssert.Parse(sent.Body),
                "request body vs the reference's request sample"
            );
        }

        if (operationId == "getPayment")
        {
            Assert.That(sent.Headers["Cache-Control"], Is.EqualTo("max-age=3600"));
        }
        if (op.Node["parameters"]?.Any(p => (string?)p["name"] == "x-idempotency-key") == true)
        {
            Assert.That(
                sent.Headers["x-idempotency-key"],
                Is.EqualTo(op.ParameterExample("x-idempotency-key")),
                "the write's idempotency key"
            );
        }
    }

    [TestCaseSource(nameof(OperationIds))]
    public async Task Reads_the_reference_response_and_writes_it_back_with_no_field_lost(string operationId)
    {
        var op = SpecDocument.Current.Operation(operationId);
        var sample = op.ResponseExample();
        using var harness = new RawClientHarness();
        harness.RespondWith((HttpStatusCode)int.Parse(op.SuccessStatus), sample.ToString());

        var result = await Calls[operationId](harness.Client, op);

        JsonAssert.AreEquivalent(sample, RawClientHarness.ToJson(result), "response sample vs the DTO written back");
    }

    private static IEnumerable<string> JsonBodyOperationIds() =>
        SpecDocument
            .Current.Operations()
            .Where(o => o.Node.SelectToken("requestBody.content.['application/json']") is not null)
            .Select(o => o.OperationId);

    /// <summary>
    /// The build rewrites NSwag's JsonConvert.SerializeObject + StringContent into
    /// NewtonsoftJsonContent (build/Purse.Generation.targets): no body-sized string per request.
    /// </summary>
    [TestCaseSource(nameof(JsonBodyOperationIds))]
    public async Task Streams_the_JSON_request_body(string operationId)
    {
        var op = SpecDocument.Current.Operation(operationId);
        using var harness = new RawClientHarness();
        HttpContent? sent = null;
        harness.Mock.Fallback.Respond(request =>
        {
            sent = request.Content;
            return new HttpResponseMessage((HttpStatusCode)int.Parse(op.SuccessStatus))
            {
                Content = new StringContent(op.ResponseExample().ToString(), Encoding.UTF8, "application/json"),
            };
        });

        await Calls[operationId](harness.Client, op);

        Assert.That(sent, Is.InstanceOf<NewtonsoftJsonContent>());
    }

    private static T Request<T>(SpecOperation op, string mediaType = "application/json") =>
        RawClientHarness.FromJson<T>(op.RequestExample(mediaType));

    private static string IdText(SpecOperation op) => op.Path.Contains("{id}") ? op.ParameterExample("id") : "";

    private static Guid Id(SpecOperation op) => Guid.Parse(op.ParameterExample("id"));
}
