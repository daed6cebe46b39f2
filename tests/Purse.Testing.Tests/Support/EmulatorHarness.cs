using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Models.Serialization;

namespace Purse.Testing.Tests.Support;

/// <summary>
/// Base of the emulator tests: a fresh emulator on a fake clock per test, an HttpClient over
/// its in-process handler (every answer checked against the spec), and raw-HTTP helpers that
/// send the generated DTOs.
/// </summary>
internal abstract class EmulatorHarness
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; private set; } = null!;

    protected EmulatorOptions Options { get; private set; } = null!;

    protected PurseEmulator Emulator { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    protected SpecConformanceHandler Conformance { get; private set; } = null!;

    private string? _token;

    [SetUp]
    public void CreateEmulator()
    {
        Clock = new FakeTimeProvider(Start);
        Options = new EmulatorOptions { TimeProvider = Clock };
        Configure(Options);
        Emulator = new PurseEmulator(Options);
        UseHandler(Emulator.CreateHandler(), PurseEmulator.InProcessBaseAddress);
    }

    [TearDown]
    public async Task DisposeEmulator()
    {
        var violations = Conformance.Violations.ToList();
        Http.Dispose();
        Conformance.Dispose();
        await Emulator.DisposeAsync();
        Assert.That(violations, Is.Empty, "every answer of the emulator must conform to the spec");
    }

    /// <summary>Override to change the options before the emulator is built.</summary>
    protected virtual void Configure(EmulatorOptions options) { }

    protected void UseHandler(HttpMessageHandler handler, Uri baseAddress)
    {
        Http?.Dispose();
        Conformance = new SpecConformanceHandler(handler);
        Http = new HttpClient(Conformance) { BaseAddress = baseAddress };
        _token = null;
    }

    protected async Task<HttpResponseMessage> RequestTokenAsync(string clientId, string clientSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}"))
        );
        return await Http.SendAsync(request);
    }

    protected async Task<string> TokenAsync()
    {
        if (_token is null)
        {
            using var response = await RequestTokenAsync(Emulator.ClientId, Emulator.ClientSecret);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            _token = (await ReadAsync<TokenResponse>(response)).AccessToken;
        }
        return _token;
    }

    /// <summary>Sends an authenticated call (bearer token and x-api-key), the body as JSON.</summary>
    protected async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        object? body = null,
        string? token = null,
        string? apiKey = null,
        bool withToken = true,
        bool withApiKey = true
    )
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            var json = body as string ?? JsonConvert.SerializeObject(body, PurseJson.Settings);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (withToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await TokenAsync());
        }
        if (withApiKey)
        {
            request.Headers.Add("x-api-key", apiKey ?? Emulator.ApiKey);
        }
        return await Http.SendAsync(request);
    }

    protected static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonConvert.DeserializeObject<T>(text, PurseJson.Settings)
            ?? throw new AssertionException($"Empty {typeof(T).Name} body: {text}");
    }

    /// <summary>Asserts a problem+json answer and returns it.</summary>
    protected static async Task<ProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), text);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
        var problem = JsonConvert.DeserializeObject<ProblemDetails>(text, PurseJson.Settings)!;
        Assert.That(problem.Status, Is.EqualTo((int)status));
        return problem;
    }

    protected static Order Order(string reference = "order_01", long netAmount = 4299) =>
        new()
        {
            Reference = reference,
            NetAmount = netAmount,
            TaxAmount = 716,
        };

    protected CreatePaymentRequest PaymentRequest(
        long amount = 4299,
        CaptureMode? captureMode = null,
        params (long Amount, string Partner, string Method)[] split
    ) =>
        new()
        {
            Amount = amount,
            Currency = Currency.Eur,
            EntityId = Emulator.EntityId,
            CaptureMode = captureMode,
            Order = Order(netAmount: amount),
            Split =
                split.Length == 0
                    ? null
                    : split
                        .Select(s =>
                            (SplitCandidate)
                                new NewAuthorizationCandidate
                                {
                                    Amount = s.Amount,
                                    Partner = s.Partner,
                                    Method = s.Method,
                                }
                        )
                        .ToList(),
        };

    protected async Task<Payment> CreatePaymentAsync(CreatePaymentRequest request)
    {
        using var response = await SendAsync(HttpMethod.Post, "/payment/v2/payments", request);
        Assert.That(
            response.StatusCode,
            Is.EqualTo(HttpStatusCode.Created),
            await response.Content.ReadAsStringAsync()
        );
        return await ReadAsync<Payment>(response);
    }

    protected async Task<Payment> GetPaymentAsync(Guid id)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/payment/v2/payments/{id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await ReadAsync<Payment>(response);
    }

    protected Task<HttpResponseMessage> OperateAsync(
        Guid paymentId,
        string operation,
        long amount,
        string? reference = null
    ) =>
        SendAsync(
            HttpMethod.Post,
            $"/payment/v2/payments/{paymentId}/{operation}",
            new PaymentOperationRequest { Amount = amount, MerchantReference = reference }
        );

    protected static string AmountsOf(Payment payment) =>
        JsonConvert.SerializeObject(payment.Amounts, PurseJson.Settings);
}
