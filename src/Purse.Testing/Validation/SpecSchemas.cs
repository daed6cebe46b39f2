using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using NSwag;
using Purse.Models;

namespace Purse.Testing.Validation;

/// <summary>
/// The Purse spec (embedded from openapi/), used to judge request bodies the way Purse does:
/// whatever the spec forbids (a missing required field, a wrong type, a malformed uuid or
/// date-time, a split item matching no candidate) is refused with a 400 whose errors name
/// each field by its JSON pointer.
/// </summary>
internal static partial class SpecSchemas
{
    private const string ResourceName = "Purse.Testing.purse-payment-v2.json";

    private static readonly Lazy<OpenApiDocument> LazyDocument = new(Load);

    public static OpenApiDocument Document => LazyDocument.Value;

    /// <summary>The JSON body schema of an operation's request.</summary>
    public static JsonSchema RequestSchema(string operationId) =>
        Operation(operationId).RequestBody?.Content.Values.First().Schema.ActualSchema
        ?? throw new InvalidOperationException($"The spec's operation '{operationId}' has no request body.");

    public static OpenApiOperation Operation(string operationId) =>
        Document.Operations.FirstOrDefault(o => o.Operation.OperationId == operationId)?.Operation
        ?? throw new InvalidOperationException($"The spec has no operation '{operationId}'.");

    /// <summary>
    /// Checks <paramref name="body"/> against the request schema of <paramref name="operationId"/>
    /// and throws a 400 problem naming every offending field.
    /// </summary>
    public static void ValidateRequest(string operationId, JToken body)
    {
        var errors = Describe(RequestSchema(operationId).Validate(body, SchemaType.OpenApi3));
        if (errors.Count > 0)
        {
            throw EmulatorProblem.BadRequest("The request body is invalid.", errors);
        }
    }

    /// <summary>Flattens NJsonSchema's error tree into Purse's <c>errors[{detail, pointer}]</c>.</summary>
    public static List<ProblemDetailsError> Describe(ICollection<ValidationError> errors)
    {
        var result = new List<ProblemDetailsError>();
        foreach (var error in errors)
        {
            Flatten(error, result);
        }
        return result;
    }

    private static void Flatten(ValidationError error, List<ProblemDetailsError> into)
    {
        if (error is ChildSchemaValidationError child)
        {
            var branches = child.Errors.Select(e => (Schema: e.Key, Errors: Describe(e.Value))).ToList();
            if (error.Kind is ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf)
            {
                // A oneOf item that fits no candidate: report the candidate it came closest to
                // (fewest errors, then the most of the item's fields known to the candidate).
                var fields = (error.Token as JObject)?.Properties().Select(p => p.Name).ToHashSet() ?? [];
                var closest = branches
                    .Where(b => b.Errors.Count > 0)
                    .OrderBy(b => b.Errors.Count)
                    .ThenByDescending(b => b.Schema.ActualSchema.ActualProperties.Keys.Count(fields.Contains))
                    .Select(b => b.Errors)
                    .FirstOrDefault();
                if (closest is not null && branches.All(b => b.Errors.Count > 0))
                {
                    into.AddRange(closest);
                    return;
                }
                into.Add(
                    new ProblemDetailsError
                    {
                        Pointer = Pointer(error.Path),
                        Detail = "must match exactly one schema in oneOf",
                    }
                );
                return;
            }
            if (branches.Any(b => b.Errors.Count > 0))
            {
                into.AddRange(branches.SelectMany(b => b.Errors));
                return;
            }
        }
        into.Add(new ProblemDetailsError { Pointer = Pointer(error.Path), Detail = Detail(error) });
    }

    private static string Detail(ValidationError error) =>
        error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"must have required property '{error.Property}'",
            ValidationErrorKind.StringExpected => "must be string",
            ValidationErrorKind.IntegerExpected => "must be integer",
            ValidationErrorKind.NumberExpected => "must be number",
            ValidationErrorKind.BooleanExpected => "must be boolean",
            ValidationErrorKind.ObjectExpected => "must be object",
            ValidationErrorKind.ArrayExpected => "must be array",
            ValidationErrorKind.NullExpected => "must be null",
            ValidationErrorKind.GuidExpected or ValidationErrorKind.UuidExpected => "must match format \"uuid\"",
            ValidationErrorKind.DateTimeExpected => "must match format \"date-time\"",
            ValidationErrorKind.DateExpected => "must match format \"date\"",
            ValidationErrorKind.UriExpected => "must match format \"uri\"",
            ValidationErrorKind.NotInEnumeration => "must be equal to one of the allowed values: "
                + string.Join(
                    ", ",
                    error.Schema?.ActualSchema.Enumeration.Select(v =>
                        Convert.ToString(v, CultureInfo.InvariantCulture)
                    )
                        ?? []
                ),
            ValidationErrorKind.NumberTooSmall => TooSmall(error.Schema?.ActualSchema),
            ValidationErrorKind.NumberTooBig => $"must be <= {error.Schema?.ActualSchema.Maximum}",
            ValidationErrorKind.TooFewItems => $"must not have fewer than {error.Schema?.ActualSchema.MinItems} items",
            ValidationErrorKind.ExcludedSchemaValidates => "matches a schema it must not match",
            _ => "is invalid (" + error.Kind + ")",
        };

    /// <summary>A number under the schema's minimum, in the words of an OpenAPI validator (Prism's).</summary>
    private static string TooSmall(JsonSchema? schema)
    {
        var exclusive = schema?.IsExclusiveMinimum == true || schema?.ExclusiveMinimum is not null;
        return $"must be {(exclusive ? ">" : ">=")} {schema?.Minimum ?? schema?.ExclusiveMinimum}";
    }

    /// <summary>NJsonSchema's <c>#/order.shipments[0].net_amount</c> as <c>/order/shipments/0/net_amount</c>.</summary>
    internal static string Pointer(string? path)
    {
        var trimmed = (path ?? "#").TrimStart('#').TrimStart('/');
        if (trimmed.Length == 0)
        {
            return "";
        }
        var dotted = IndexPattern().Replace(trimmed, ".$1");
        return "/"
            + string.Join(
                '/',
                dotted
                    .Split('.', StringSplitOptions.RemoveEmptyEntries)
                    .Select(s =>
                        s.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)
                    )
            );
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex IndexPattern();

    private static OpenApiDocument Load()
    {
        using var stream = typeof(SpecSchemas).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded spec '{ResourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return OpenApiDocument.FromJsonAsync(reader.ReadToEnd()).GetAwaiter().GetResult();
    }
}
