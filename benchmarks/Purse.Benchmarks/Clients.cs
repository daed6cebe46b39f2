using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using Purse.Models;
using Purse.Models.Serialization;

namespace Purse.Benchmarks;

/// <summary>The two sides of every comparison, over the same handler.</summary>
internal static class Clients
{
    public const string ApiKey = "bench-api-key";
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(PurseJson.Settings);
    public static readonly Guid EntityId = Guid.Parse("5e3a0862-7cc3-4427-92ba-9e1e9595f571");

    /// <summary>The facade as a merchant registers it, with <paramref name="handler"/> as its primary
    /// handler.</summary>
    public static ServiceProvider Facade(
        Uri baseAddress,
        Func<HttpMessageHandler> handler,
        Action<IHttpClientBuilder>? configureHttp = null,
        Action<PurseClientOptions>? configure = null
    )
    {
        var services = new ServiceCollection();
        services.AddPurseClient(
            o =>
            {
                o.ClientId = "bench-client";
                o.ClientSecret = "bench-secret";
                o.ApiKey = ApiKey;
                o.EntityId = EntityId;
                o.BaseAddress = baseAddress;
                configure?.Invoke(o);
            },
            http =>
            {
                http.ConfigurePrimaryHttpMessageHandler(handler);
                configureHttp?.Invoke(http);
            }
        );
        return services.BuildServiceProvider();
    }

    /// <summary>The baseline: what a merchant would write by hand, with a token fetched once.</summary>
    public static HttpClient Raw(Uri baseAddress, HttpMessageHandler handler, bool disposeHandler = false)
    {
        var http = new HttpClient(handler, disposeHandler) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "stub-access-token");
        http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        return http;
    }

    public static async Task<Payment> RawGetPaymentAsync(
        HttpClient http,
        Guid id,
        CancellationToken cancellationToken = default
    )
    {
        using var response = await http.GetAsync($"payment/v2/payments/{id}", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return JsonConvert.DeserializeObject<Payment>(body, PurseJson.Settings)!;
    }

    /// <summary>The baseline reading the body as a stream (no intermediate string): shows what
    /// streaming responses could save the facade, which reads bodies as strings.</summary>
    public static async Task<Payment> RawGetPaymentStreamedAsync(
        HttpClient http,
        Guid id,
        CancellationToken cancellationToken = default
    )
    {
        using var response = await http.GetAsync(
                $"payment/v2/payments/{id}",
                HttpCompletionOption.ResponseHeadersRead,
                cancellationToken
            )
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var json = new JsonTextReader(reader);
        return Serializer.Deserialize<Payment>(json)!;
    }

    public static async Task<Payment> RawCreatePaymentAsync(
        HttpClient http,
        CreatePaymentRequest request,
        CancellationToken cancellationToken = default
    )
    {
        // The usual hand-written way: the whole body as a string first.
        using var content = new StringContent(
            JsonConvert.SerializeObject(request, PurseJson.Settings),
            Encoding.UTF8,
            "application/json"
        );
        using var response = await http.PostAsync("payment/v2/payments", content, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return JsonConvert.DeserializeObject<Payment>(body, PurseJson.Settings)!;
    }
}
