using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models.Serialization;
using Purse.Testing.Validation;

namespace Purse.Testing.Routing;

/// <summary>Reads a JSON request body: parse, check it against the spec, then bind the DTO.</summary>
internal static class RequestBody
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(PurseJson.Settings);

    public static T Read<T>(EmulatorRequest request, string operationId)
    {
        var contentType = request.Header("Content-Type");
        if (contentType is not null && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw EmulatorProblem.BadRequest($"The request body must be application/json; got '{contentType}'.");
        }
        JToken body;
        try
        {
            using var reader = new JsonTextReader(new StringReader(request.Body))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
            };
            body = JToken.ReadFrom(reader);
        }
        catch (JsonReaderException exception)
        {
            throw EmulatorProblem.BadRequest("The request body is not valid JSON: " + exception.Message);
        }
        Int64Range.Require(body);
        SpecSchemas.ValidateRequest(operationId, body);
        try
        {
            return body.ToObject<T>(Serializer) ?? throw EmulatorProblem.BadRequest("The request body is empty.");
        }
        catch (JsonException exception)
        {
            throw EmulatorProblem.BadRequest("The request body is invalid: " + exception.Message);
        }
    }
}
