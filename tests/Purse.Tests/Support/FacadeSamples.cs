using System.Net;
using Newtonsoft.Json.Linq;
using Purse.Models;

namespace Purse.Tests.Support;

/// <summary>Response bodies taken from the spec's examples, and the ids they use.</summary>
internal static class FacadeSamples
{
    /// <summary>The id of the spec's payment example.</summary>
    public static readonly Guid PaymentId = (Guid)JToken.Parse(Example("getPayment"))["id"]!;

    public static string Example(string operationId) =>
        SpecDocument.Current.Operation(operationId).ResponseExample().ToString();

    public static JToken RequestExample(string operationId) =>
        SpecDocument.Current.Operation(operationId).RequestExample();

    /// <summary>The spec's request example of an operation, as its generated request type.</summary>
    public static T Request<T>(string operationId) => RawClientHarness.FromJson<T>(RequestExample(operationId));

    public static string PaymentJson => Example("getPayment");

    /// <summary>The spec's payment example, as the generated <see cref="Payment"/>.</summary>
    public static Payment PaymentExample() => RawClientHarness.FromJson<Payment>(JToken.Parse(PaymentJson));

    /// <summary>The payment example in EUR, these amounts (minor units) left to capture, refund and void.</summary>
    public static Payment EurPayment(long availableToCapture, long availableToRefund, long availableToVoid)
    {
        var payment = PaymentExample();
        payment.Currency = Currency.Eur;
        payment.Amounts = new PaymentAmounts
        {
            AvailableToCapture = availableToCapture,
            AvailableToRefund = availableToRefund,
            AvailableToVoid = availableToVoid,
        };
        return payment;
    }

    /// <summary>A sample body with its <c>id</c> replaced.</summary>
    public static string WithId(string json, Guid id)
    {
        var body = JObject.Parse(json);
        body["id"] = id;
        return body.ToString();
    }

    public static HttpStatusCode SuccessStatus(string operationId) =>
        (HttpStatusCode)
            int.Parse(
                SpecDocument.Current.Operation(operationId).SuccessStatus,
                System.Globalization.CultureInfo.InvariantCulture
            );

    /// <summary>The spec's example of a shared error response (<c>#/components/responses/NotFound</c>, ...).</summary>
    public static string ErrorExample(string responseName) =>
        SpecDocument
            .Current.Root.SelectToken(
                $"components.responses.{responseName}.content['application/problem+json'].example"
            )!
            .ToString();
}
