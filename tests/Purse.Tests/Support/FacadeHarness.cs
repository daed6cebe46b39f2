using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Support;

/// <summary>
/// The real facade, built by <c>AddPurseClient</c>, over MockHttp (token endpoint and API) and a
/// FakeTimeProvider. Records every request, counts token requests, and hands every log record to
/// <see cref="SecretLeakGuard"/> when disposed.
/// </summary>
internal sealed class FacadeHarness : IDisposable
{
    public static readonly Uri BaseAddress = new("https://api.purse.test/");
    public static readonly Uri TokenEndpoint = new("https://api.purse.test/oauth/token");
    public static readonly Guid EntityId = Guid.Parse("6a1d3f0e-5c1b-4c7e-9d7e-1f2a3b4c5d6e");
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private int _tokensIssued;

    public FacadeHarness(
        Action<PurseClientOptions>? configure = null,
        bool defaultTokenEndpoint = true,
        LogLevel minimumLogLevel = LogLevel.Trace,
        Action<IServiceCollection>? configureServices = null
    )
    {
        var services = new ServiceCollection();
        configureServices?.Invoke(services);
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(logging => logging.SetMinimumLevel(minimumLogLevel).AddFakeLogging());
        services.AddPurseClient(
            options =>
            {
                UseTestClient(options, BaseAddress);
                // Small delays: retry tests move the fake clock, and nothing waits on real time.
                options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                configure?.Invoke(options);
            },
            http => http.ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler(this))
        );
        Services = services.BuildServiceProvider();
        Client = Services.GetRequiredService<IPurseClient>();
        if (defaultTokenEndpoint)
        {
            Mock.When(HttpMethod.Post, TokenEndpoint.AbsoluteUri).Respond(_ => IssueToken());
        }
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public MockHttpMessageHandler Mock { get; } = new();

    public ServiceProvider Services { get; }

    public IPurseClient Client { get; }

    /// <summary>Every request that reached the network, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IEnumerable<RecordedRequest> ApiRequests => Requests.Where(r => r.Uri != TokenEndpoint);

    public IEnumerable<RecordedRequest> TokenRequests => Requests.Where(r => r.Uri == TokenEndpoint);

    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>A token response with a new distinctive token (<c>at-LEAKCHECK-00001-…</c>, …).</summary>
    public HttpResponseMessage IssueToken(int expiresIn = 3600)
    {
        var number = Interlocked.Increment(ref _tokensIssued);
        return Json(
            HttpStatusCode.OK,
            $$"""
            {"access_token":"{{SecretLeakGuard.Token(number)}}","token_type":"Bearer","expires_in":{{expiresIn}}}
            """
        );
    }

    /// <summary>The test client's credentials (the leak guard's secrets), entity and API address.</summary>
    public static void UseTestClient(PurseClientOptions options, Uri baseAddress)
    {
        options.ClientId = SecretLeakGuard.ClientId;
        options.ClientSecret = SecretLeakGuard.ClientSecret;
        options.ApiKey = SecretLeakGuard.ApiKey;
        options.EntityId = EntityId;
        options.BaseAddress = baseAddress;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    /// <summary>Runs a call while moving the fake clock, so that retry delays pass without real waiting.</summary>
    public async Task<T> AdvancingTimeAsync<T>(Func<Task<T>> call, TimeSpan? step = null)
    {
        var task = call();
        for (var i = 0; i < 10_000 && !task.IsCompleted; i++)
        {
            Time.Advance(step ?? TimeSpan.FromMilliseconds(250));
            await Task.Delay(1);
        }
        return await task;
    }

    /// <summary>Asserts that <paramref name="call"/> throws <typeparamref name="T"/> and records it for the leak
    /// check.</summary>
    public static async Task<T> ThrowsAsync<T>(Func<Task> call)
        where T : Exception
    {
        try
        {
            await call();
        }
        catch (Exception exception)
        {
            SecretLeakGuard.Record(exception);
            Assert.That(exception, Is.InstanceOf<T>(), () => $"Expected {typeof(T).Name}, got {exception}");
            return (T)exception;
        }
        Assert.Fail($"Expected {typeof(T).Name}, but the call succeeded.");
        throw new InvalidOperationException("unreachable");
    }

    public void Dispose()
    {
        foreach (var record in Logs.GetSnapshot())
        {
            SecretLeakGuard.Record(
                $"log {record.Category}",
                $"{record.Message} "
                    + $"{string.Join(" ", record.StructuredState?.Select(kv => $"{kv.Key}={kv.Value}") ?? [])} "
                    + $"{record.Exception}"
            );
        }
        Services.Dispose();
        Mock.Dispose();
    }

    /// <summary>Records the request as sent (headers included), then lets MockHttp answer.</summary>
    private sealed class RecordingHandler(FacadeHarness harness) : DelegatingHandler(harness.Mock)
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            harness.Requests.Enqueue(RecordedRequest.From(request));
            return base.SendAsync(request, cancellationToken);
        }

        // The harness owns the mock: the factory must not dispose it when it recycles handlers.
        protected override void Dispose(bool disposing) { }
    }
}
