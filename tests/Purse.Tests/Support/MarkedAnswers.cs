using System.Net;

namespace Purse.Tests.Support;

/// <summary>
/// Answers whose body carries <see cref="Marker"/>: a log line or message that shows the marker shows what Purse
/// answered.
/// </summary>
internal static class MarkedAnswers
{
    public const string Marker = "BODY-MARKER-7f3a";

    public static HttpResponseMessage Problem(HttpStatusCode status) =>
        FacadeHarness.Json(
            status,
            $$"""{"title":"card {{Marker}}","status":{{(int)status}},"detail":"{{Marker}}"}""",
            "application/problem+json"
        );
}
