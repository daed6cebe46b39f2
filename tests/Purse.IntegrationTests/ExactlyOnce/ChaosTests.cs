using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Purse.Models;
using Purse.Testing;

namespace Purse.IntegrationTests.ExactlyOnce;

/// <summary>
/// Exactly once, under faults: seeded schedules (<see cref="ChaosSchedule"/>) of captures, refunds and voids on partly
/// captured payments, each with a fault before or after the emulator commits (served by Kestrel on loopback), half of
/// them with <c>AddStandardResilienceHandler</c> on all HTTP clients. After each schedule the emulator's ledger is the
/// judge: the operation was applied once or not at all, the call's ending agrees (its payment ⇔ applied; a refusal
/// ⇔ not applied; an unknown outcome only where the schedule made it unknowable), and calling again with the
/// exception's idempotency key converges to a definite ending. Set <c>PURSE_CHAOS_SEED</c> to replay a run; a failing
/// schedule is printed with its seed.
/// </summary>
[NonParallelizable]
public sealed class ChaosTests
{
    private const int Schedules = 520;
    private const int Lanes = 8;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Every_operation_is_applied_once_or_not_at_all_and_the_call_says_which()
    {
        var baseSeed = int.TryParse(
            Environment.GetEnvironmentVariable("PURSE_CHAOS_SEED"),
            CultureInfo.InvariantCulture,
            out var given
        )
            ? given
            : 20261207;
        var results = new ConcurrentBag<ScheduleResult>();
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(Budget);

        // Each lane has its own emulator, so that the faults armed for one schedule meet no other schedule's requests.
        await Task.WhenAll(
            Enumerable
                .Range(0, Lanes)
                .Select(async lane =>
                {
                    await using var emulator = new PurseEmulator();
                    var server = await emulator.StartServerAsync(deadline.Token);
                    // Payments are prepared by a client with the default settings, outside any schedule.
                    await using var setup = new ServiceCollection()
                        .AddPurseClient(emulator, server.BaseAddress)
                        .BuildServiceProvider();
                    for (var i = lane; i < Schedules; i += Lanes)
                    {
                        var schedule = ChaosSchedule.From(baseSeed + i);
                        var run = new ChaosRun(emulator, server.BaseAddress, setup.GetRequiredService<IPurseClient>());
                        results.Add(await run.RunAsync(schedule, deadline.Token));
                    }
                })
        );

        var failures = results.Where(r => r.Failure is not null).OrderBy(r => r.Schedule.Seed).ToList();
        var unknown = results.Count(r => r.Ending == Ending.Unknown);
        var doubles = results.Count(r => r.Applications > 1);
        TestContext.Out.WriteLine(
            $"{results.Count} schedules, {doubles} double applications, {unknown} outcome-unknown, "
                + $"{(failures.Count == 0 ? "all converged" : $"{failures.Count} failed")} "
                + $"(base seed {baseSeed}, {clock.Elapsed.TotalSeconds:0.0} s)"
        );
        foreach (var ending in Enum.GetValues<Ending>())
        {
            TestContext.Out.WriteLine($"  {ending}: {results.Count(r => r.Ending == ending)}");
        }
        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Count.EqualTo(Schedules), "every schedule ran");
            Assert.That(doubles, Is.Zero, "no operation applied twice");
            Assert.That(failures.Select(f => $"{f.Schedule}: {f.Failure}"), Is.Empty);
            Assert.That(unknown, Is.GreaterThan(0), "the schedules include unknowable outcomes");
            Assert.That(results.Count(r => r.Ending == Ending.Payment), Is.GreaterThan(Schedules / 2));
        });
    }
}
