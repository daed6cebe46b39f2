using Newtonsoft.Json;
using Purse.Models;
using Purse.Models.Serialization;

namespace Purse.Testing.Routing;

/// <summary>One HTTP response of the emulator's core: status, media type and body text.</summary>
internal sealed record EmulatorResponse(int StatusCode, string ContentType, string Body)
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";

    /// <summary>Extra headers, such as <c>WWW-Authenticate</c> on a 401.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>No answer at all: the host drops the connection (an injected
    /// <see cref="HttpFault.DropConnection"/>).</summary>
    public static readonly EmulatorResponse Dropped = new(0, Json, "") { IsDropped = true };

    public bool IsDropped { get; private init; }

    /// <summary>A JSON body written with the Purse conventions.</summary>
    public static EmulatorResponse Of(int statusCode, object body) =>
        new(statusCode, Json, JsonConvert.SerializeObject(body, PurseJson.Settings));

    /// <summary>An RFC 7807 problem, as Purse answers errors.</summary>
    public static EmulatorResponse Problem(ProblemDetails problem) =>
        new(problem.Status ?? 500, ProblemJson, JsonConvert.SerializeObject(problem, PurseJson.Settings));
}
