using System.Net;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Models.Serialization;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Support;

/// <summary>A generated raw client wired to MockHttp, recording what it sends.</summary>
internal sealed class RawClientHarness : IDisposable
{
    public static readonly Uri BaseAddress = new("https://api.purse.test/");

    private readonly HttpClient _httpClient;

    public RawClientHarness()
    {
        _httpClient = Mock.ToHttpClient();
        _httpClient.BaseAddress = BaseAddress;
        Client = new RawPurseClient(_httpClient);
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public IRawPurseClient Client { get; }

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Answers every request with <paramref name="body"/> and records the request.</summary>
    public void RespondWith(HttpStatusCode status, string body, string mediaType = "application/json")
    {
        Mock.Fallback.Respond(request =>
        {
            Requests.Add(RecordedRequest.From(request));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        });
    }

    public static T FromJson<T>(JToken json) => json.ToObject<T>(JsonSerializer.Create(PurseJson.Settings))!;

    public static JToken ToJson(object value) =>
        JsonAssert.Parse(JsonConvert.SerializeObject(value, PurseJson.Settings));

    public void Dispose() => _httpClient.Dispose();
}

internal sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    string Body
)
{
    public static RecordedRequest From(HttpRequestMessage request)
    {
        var headers = request.Headers.ToDictionary(
            h => h.Key,
            h => string.Join(", ", h.Value),
            StringComparer.OrdinalIgnoreCase
        );
        var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult() ?? "";
        return new RecordedRequest(
            request.Method,
            request.RequestUri!,
            headers,
            request.Content?.Headers.ContentType?.MediaType,
            body
        );
    }
}
