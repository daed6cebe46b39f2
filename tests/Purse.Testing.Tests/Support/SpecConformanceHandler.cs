using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using Purse.Testing.Validation;

namespace Purse.Testing.Tests.Support;

/// <summary>
/// Sits between the tests' HttpClient and the emulator and checks every answer against the
/// spec: the status code is one the operation declares, and the body validates against that
/// response's schema. Violations are collected; <see cref="EmulatorHarness"/> fails the test on any.
/// </summary>
internal sealed class SpecConformanceHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly List<string> _violations = [];

    public IReadOnlyList<string> Violations => _violations;

    public int Checked { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var method = request.Method.Method.ToLowerInvariant();
        var operation = SpecSchemas
            .Document.Paths.Where(p => Regex.IsMatch(path, "^" + Regex.Replace(p.Key, @"\{\w+\}", "[^/]+") + "$"))
            .SelectMany(p => p.Value.Where(o => o.Key == method).Select(o => o.Value))
            .FirstOrDefault();
        if (operation is null)
        {
            return response; // a path the spec lacks: the test itself asserts the 404
        }
        Checked++;
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.ActualResponses.TryGetValue(status, out var declared))
        {
            _violations.Add($"{request.Method} {path}: status {status} is not declared by {operation.OperationId}");
            return response;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (!declared.ActualResponse.Content.TryGetValue(mediaType, out var content))
        {
            _violations.Add($"{request.Method} {path} {status}: media type '{mediaType}' is not declared");
            return response;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var errors = content.Schema.ActualSchema.Validate(JToken.Parse(body), SchemaType.OpenApi3);
        foreach (var error in SpecSchemas.Describe(errors))
        {
            _violations.Add($"{request.Method} {path} {status}: {error.Pointer} {error.Detail}");
        }
        return response;
    }
}
