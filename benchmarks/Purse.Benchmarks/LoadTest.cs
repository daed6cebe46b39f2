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
/// counting the requests that reach the token endpoint. Besides throughput it reports the
/// process's CPU time and allocated bytes per call, steadier than throughput on a shared machine.
/// Options: --calls N (default 10000), --concurrency N (64), --rounds N (5), --cold N (1000),
/// --cold-trials N (3), --diagnose (adds the facade with only its authentication handler, the facade with four
/// more pass-through handlers, and the facade without retries).
/// </summary>
internal static class LoadTest
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Option(args, "--calls", 10_000);
        var concurrency = Option(args, "--concurrency", 64);
        var rounds = Option(args, "--rounds", 5);
        var coldCalls = Option(args, "--cold", 1_000);
        var coldTrials = Option(args, "--cold-trials", 3);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = deadline.Token;

        var payment = SpecSamples.PaymentJson();
        var paymentId = SpecSamples.PaymentId();
        var tokenRequests = 0;
        await using var server = await StartStubAsync(payment, () => Interlocked.Increment(ref tokenRequests), ct);
        var baseAddress = server.BaseAddress;
        Console.WriteLine(
            $"Kestrel stub on {baseAddress}; {Environment.ProcessorCount} CPUs; {calls} calls per round at "
                + $"concurrency {concurrency}, {rounds} rounds each, rotating the order"
        );

        using var raw = Clients.Raw(baseAddress, new SocketsHttpHandler(), disposeHandler: true);
        await using var facadeServices = Clients.Facade(baseAddress, () => new SocketsHttpHandler());
        var purse = facadeServices.GetRequiredService<IPurseClient>();
        var sides = new List<Side>
        {
            new("raw", c => Clients.RawGetPaymentAsync(raw, paymentId, c)),
            new("facade", c => purse.Payments.GetAsync(paymentId, cancellationToken: c)),
        };
        // --diagnose: the facade with parts of its pipeline taken out, to see where its cost lies.
        var diagnostics = new List<ServiceProvider>();
        if (args.Contains("--diagnose"))
        {
            foreach (
                var (name, remove) in new (string, Func<DelegatingHandler, bool>)[]
                {
                    ("facade, only auth handler", h =>
                        h is RedirectRefusalHandler or ResponseLimitHandler or SendRecordHandler or PurseLoggingHandler
                    ),
                }
            )
            {
                var services = Clients.Facade(
                    baseAddress,
                    () => new SocketsHttpHandler(),
                    http =>
                        http.ConfigureAdditionalHttpMessageHandlers(
                            (handlers, _) =>
                            {
                                foreach (var handler in handlers.Where(remove).ToList())
                                {
                                    handlers.Remove(handler);
                                }
                            }
                        )
                );
                diagnostics.Add(services);
                var client = services.GetRequiredService<IPurseClient>();
                sides.Add(new(name, c => client.Payments.GetAsync(paymentId, cancellationToken: c)));
            }
            // The price of one more async layer on this machine: the facade plus 4 handlers that only pass the call on.
            var layered = Clients.Facade(
                baseAddress,
                () => new SocketsHttpHandler(),
                http =>
                {
                    for (var i = 0; i < 4; i++)
                    {
                        http.AddHttpMessageHandler(() => new PassThroughHandler());
                    }
                }
            );
            diagnostics.Add(layered);
            var layeredClient = layered.GetRequiredService<IPurseClient>();
            sides.Add(
                new("facade +4 async layers", c => layeredClient.Payments.GetAsync(paymentId, cancellationToken: c))
            );
            var noRetry = Clients.Facade(
                baseAddress,
                () => new SocketsHttpHandler(),
                configure: o => o.Resilience.MaxRetryAttempts = 0
            );
            diagnostics.Add(noRetry);
            var noRetryClient = noRetry.GetRequiredService<IPurseClient>();
            sides.Add(
                new("facade MaxRetryAttempts=0", c => noRetryClient.Payments.GetAsync(paymentId, cancellationToken: c))
            );
        }

        // Warm-up: one full round of each side (JIT tiers, connection pools, the facade's token).
        foreach (var side in sides)
        {
            await RunCallsAsync(side.Call, calls, concurrency, ct);
        }

        for (var round = 1; round <= rounds; round++)
        {
            // Rotate which side goes first, so that none always runs on a warmer or quieter machine.
            for (var i = 0; i < sides.Count; i++)
            {
                var side = sides[(i + round - 1) % sides.Count];
                var result = await RunCallsAsync(side.Call, calls, concurrency, ct);
                side.Results.Add(result);
                Console.WriteLine(
                    $"round {round}: {side.Name, -28} {result.CallsPerSecond, 7:F0} calls/s  "
                        + $"{result.CpuMicrosecondsPerCall, 6:F0} us CPU/call  {result.BytesPerCall, 7:F0} B/call"
                );
            }
        }
        var baseline = sides[0];
        Console.WriteLine(
            $"medians of {rounds} rounds (CPU and allocations are the whole process's: client and Kestrel stub):"
        );
        // A side's median of one measure, as a ratio of the raw baseline's.
        double Ratio(Side side, Func<RoundResult, double> measure) => side.Median(measure) / baseline.Median(measure);
        foreach (var side in sides)
        {
            Console.WriteLine(
                $"  {side.Name, -28} {side.Median(r => r.CallsPerSecond), 7:F0} calls/s "
                    + $"({Ratio(side, r => r.CallsPerSecond):F3}x)"
                    + $"  {side.Median(r => r.CpuMicrosecondsPerCall), 6:F0} us CPU/call "
                    + $"({Ratio(side, r => r.CpuMicrosecondsPerCall):F3}x)"
                    + $"  {side.Median(r => r.BytesPerCall), 7:F0} B/call "
                    + $"({Ratio(side, r => r.BytesPerCall):F3}x)"
            );
        }
        Console.WriteLine(
            $"facade/raw: throughput {Ratio(sides[1], r => r.CallsPerSecond):F3} (guard >= 0.85), "
                + $"CPU per call {Ratio(sides[1], r => r.CpuMicrosecondsPerCall):F3}"
        );
        foreach (var services in diagnostics)
        {
            await services.DisposeAsync();
        }

        var counts = new List<int>();
        for (var trial = 1; trial <= coldTrials; trial++)
        {
            Volatile.Write(ref tokenRequests, 0);
            await using var cold = Clients.Facade(baseAddress, () => new SocketsHttpHandler());
            var coldPurse = cold.GetRequiredService<IPurseClient>();
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(
                Enumerable
                    .Range(0, coldCalls)
                    .Select(_ => Task.Run(() => coldPurse.Payments.GetAsync(paymentId, cancellationToken: ct), ct))
            );
            var count = Volatile.Read(ref tokenRequests);
            counts.Add(count);
            Console.WriteLine(
                $"cold trial {trial}: {coldCalls} concurrent calls of a fresh client in "
                    + $"{Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms, token requests: {count}"
            );
        }
        Console.WriteLine(
            $"token requests for {coldCalls} concurrent cold calls: {string.Join(", ", counts)} (target: exactly 1)"
        );
        return counts.All(c => c == 1) ? 0 : 1;
    }

    private static async Task<RoundResult> RunCallsAsync(
        Func<CancellationToken, Task> call,
        int calls,
        int concurrency,
        CancellationToken cancellationToken
    )
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(
            0,
            calls,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (_, c) => await call(c)
        );
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
        return new RoundResult(calls / elapsed.TotalSeconds, cpu.TotalMicroseconds / calls, (double)bytes / calls);
    }

    private sealed class PassThroughHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        ) => await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private sealed record RoundResult(double CallsPerSecond, double CpuMicrosecondsPerCall, double BytesPerCall);

    private sealed record Side(string Name, Func<CancellationToken, Task> Call)
    {
        public List<RoundResult> Results { get; } = [];

        public double Median(Func<RoundResult, double> value)
        {
            var sorted = Results.Select(value).Order().ToList();
            return sorted.Count % 2 == 1
                ? sorted[sorted.Count / 2]
                : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length
            ? int.Parse(args[index + 1], CultureInfo.InvariantCulture)
            : fallback;
    }

    /// <summary>Kestrel on 127.0.0.1 and a free port: the token endpoint (20 ms, like a real one, so
    /// that cold callers overlap) and the Payment sample for every other path.</summary>
    private static async Task<StubServer> StartStubAsync(
        byte[] payment,
        Action onTokenRequest,
        CancellationToken cancellationToken
    )
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
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
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
