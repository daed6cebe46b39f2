using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Purse.Models;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Redirection;

/// <summary>
/// Purse's signing-JWKS endpoint on MockHttp, read through the generated raw client so the JWKS
/// really crosses HTTP and JSON. It is the test's <see cref="IJwksFetcher"/> (the facade's own
/// fetcher wraps the same raw call) and counts the GETs it answers.
/// </summary>
internal sealed class MockJwksEndpoint : IJwksFetcher, IDisposable
{
    public const string Path = "/payment/v2/signing-jwks";

    private readonly MockHttpMessageHandler _mock = new();
    private readonly HttpClient _httpClient;
    private readonly RawPurseClient _client;
    private readonly List<HttpRequestMessage> _requests = [];
    private readonly object _lock = new();

    public MockJwksEndpoint(params TestSigningKey[] keys)
    {
        Publish(keys);
        _mock.When(HttpMethod.Get, "https://api.purse.test" + Path).Respond(AnswerAsync);
        // Anything else is recorded too, so AssertOnlyJwksGets reports it.
        _mock.Fallback.Respond(request =>
        {
            lock (_lock)
            {
                _requests.Add(request);
            }
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        });
        _httpClient = _mock.ToHttpClient();
        _httpClient.BaseAddress = new Uri("https://api.purse.test/");
        _client = new RawPurseClient(_httpClient);
    }

    /// <summary>The JWKS document the endpoint answers with from now on.</summary>
    public JObject Document { get; set; } = new();

    /// <summary>When set, the status of the answer instead of 200 (with a problem body).</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>When set, answers wait for it: lets tests hold a fetch in flight.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int FetchCount
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count;
            }
        }
    }

    public IReadOnlyList<HttpRequestMessage> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public void Publish(params TestSigningKey[] keys) =>
        Document = new JObject { ["keys"] = new JArray(keys.Select(k => k.PublicJwk.DeepClone())) };

    public Task<Jwks> FetchAsync(CancellationToken cancellationToken) => _client.GetSigningJwksAsync(cancellationToken);

    public RedirectionVerifier Verifier(FakeTimeProvider time, RedirectionVerificationOptions? options = null) =>
        new(this, time, options ?? new RedirectionVerificationOptions());

    /// <summary>Every request was a GET of the signing JWKS, asking for JSON.</summary>
    public void AssertOnlyJwksGets()
    {
        foreach (var request in Requests)
        {
            Assert.Multiple(() =>
            {
                Assert.That(request.Method, Is.EqualTo(HttpMethod.Get));
                Assert.That(request.RequestUri!.AbsolutePath, Is.EqualTo(Path));
                Assert.That(request.Headers.Accept.ToString(), Is.EqualTo("application/json"));
            });
        }
    }

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
        if (Gate is { } gate)
        {
            await gate.Task;
        }
        return FailWith is { } status
            ? new HttpResponseMessage(status)
            {
                Content = new StringContent(
                    "{\"title\":\"Internal error\",\"status\":500}",
                    Encoding.UTF8,
                    "application/problem+json"
                ),
            }
            : new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(Document.ToString(), Encoding.UTF8, "application/json"),
            };
    }

    public void Dispose()
    {
        _httpClient.Dispose();
        _mock.Dispose();
    }
}
