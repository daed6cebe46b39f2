using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Purse.Benchmarks;

/// <summary>
/// Loopback load test: a Kestrel stub of Purse on 127.0.0.1 (free port); GET payment at
/// concurrency 64 through the raw baseline and through the facade, alternating rounds after a
/// warm-up; then 1,000 concurrent calls of a cold facade (fresh container, empty token cache),
/// counting the requests that reach the token endpoint.
/// Options: --calls N (default 10000), --concurrency N (64), --rounds N (3), --cold N (1000), --cold-trials N (3).
/// </summary>
internal static class LoadTest
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Option(args, "--calls", 10_000);
        var concurrency = Option(args, "--concurrency", 64);
        var rounds = Option(args, "--rounds", 3);
        var coldCalls = Option(args, "--cold", 1_000);
        var coldTrials = Option(args, "--cold-trials", 3);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = deadline.Token;

        var payment = SpecSamples.PaymentJson();
        var paymentId = SpecSamples.PaymentId();
        var tokenRequests = 0;
        await using var server = await StartStubAsync(payment, () => Interlocked.Increment(ref tokenRequests), ct);
        var baseAddress = server.BaseAddress;
        Console.WriteLine($"Kestrel stub on {baseAddress}; {Environment.ProcessorCount} CPUs; {calls} calls per round at concurrency {concurrency}, {rounds} rounds each, alternating");

        using var raw = Clients.Raw(baseAddress, new SocketsHttpHandler(), disposeHandler: true);
        await using var facadeServices = Clients.Facade(baseAddress, () => new SocketsHttpHandler());
        var purse = facadeServices.GetRequiredService<IPurseClient>();

        Func<CancellationToken, Task> rawCall = c => Clients.RawGetPaymentAsync(raw, paymentId, c);
        Func<CancellationToken, Task> facadeCall = c => purse.Payments.GetAsync(paymentId, cancellationToken: c);

        // Warm-up: JIT, connection pools, the facade's token.
        await RunCallsAsync(rawCall, Math.Min(calls, 2_000), concurrency, ct);
        await RunCallsAsync(facadeCall, Math.Min(calls, 2_000), concurrency, ct);

        var rawRates = new List<double>();
        var facadeRates = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // Alternate which side goes first, so that neither always runs on a warmer machine.
            var order = round % 2 == 1 ? new[] { ("raw", rawCall, rawRates), ("facade", facadeCall, facadeRates) }
                                       : new[] { ("facade", facadeCall, facadeRates), ("raw", rawCall, rawRates) };
            foreach (var (name, call, rates) in order)
            {
                var rate = await RunCallsAsync(call, calls, concurrency, ct);
                rates.Add(rate);
                Console.WriteLine($"round {round}: {name,-6} {rate,9:F0} calls/s");
            }
        }
        var rawMedian = Median(rawRates);
        var facadeMedian = Median(facadeRates);
        Console.WriteLine($"throughput (median of {rounds}): raw {rawMedian:F0} calls/s, facade {facadeMedian:F0} calls/s, ratio facade/raw {facadeMedian / rawMedian:F3} (target >= 0.9)");

        var counts = new List<int>();
        for (var trial = 1; trial <= coldTrials; trial++)
        {
            Volatile.Write(ref tokenRequests, 0);
            await using var cold = Clients.Facade(baseAddress, () => new SocketsHttpHandler());
            var coldPurse = cold.GetRequiredService<IPurseClient>();
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, coldCalls).Select(_ => Task.Run(() => coldPurse.Payments.GetAsync(paymentId, cancellationToken: ct), ct)));
            var count = Volatile.Read(ref tokenRequests);
            counts.Add(count);
            Console.WriteLine($"cold trial {trial}: {coldCalls} concurrent calls of a fresh client in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms, token requests: {count}");
        }
        Console.WriteLine($"token requests for {coldCalls} concurrent cold calls: {string.Join(", ", counts)} (target: exactly 1)");
        return counts.All(c => c == 1) ? 0 : 1;
    }

    private static async Task<double> RunCallsAsync(Func<CancellationToken, Task> call, int calls, int concurrency, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, calls, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (_, c) => await call(c));
        return calls / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Kestrel on 127.0.0.1 and a free port: the token endpoint (20 ms, like a real one, so
    /// that cold callers overlap) and the Payment sample for every other path.</summary>
    private static async Task<StubServer> StartStubAsync(byte[] payment, Action onTokenRequest, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var token = """{"access_token":"stub-access-token","token_type":"Bearer","expires_in":3600}"""u8.ToArray();
        app.Run(async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Path.Value!.EndsWith("/oauth/token", StringComparison.Ordinal))
            {
                onTokenRequest();
                await Task.Delay(20, context.RequestAborted);
                await context.Response.Body.WriteAsync(token, context.RequestAborted);
                return;
            }
            context.Response.StatusCode = HttpMethods.IsPost(context.Request.Method) ? 201 : 200;
            context.Response.ContentLength = payment.Length;
            await context.Response.Body.WriteAsync(payment, context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new StubServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private sealed class StubServer(WebApplication app, Uri baseAddress) : IAsyncDisposable
    {
        public Uri BaseAddress { get; } = baseAddress;

        public async ValueTask DisposeAsync()
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(stop.Token);
            await app.DisposeAsync();
        }
    }
}
