using Purse.Testing;

namespace Purse.IntegrationTests.ExactlyOnce;

/// <summary>What goes wrong in a schedule, and when: before the operation runs, or after it committed.</summary>
internal enum FaultKind
{
    None,
    TooManyRequestsBefore,
    ServiceUnavailableBefore,
    UnauthorizedBefore,
    ServiceUnavailableAfterCommit,
    DroppedAfterCommit,
    LateAfterCommit,
}

/// <summary>How a call may end: its payment, a refusal (nothing moved), or an unknown outcome.</summary>
[Flags]
internal enum Ending
{
    Payment = 1,
    Refused = 2,
    Unknown = 4,
}

/// <summary>
/// One seeded schedule of the chaos test: an operation (capture, refund or void) on a payment of 100.00 EUR of
/// which 30.00 EUR were captured, its amount (within what is available, or above it so that Purse refuses it),
/// a fault played on its requests a number of times or on every request, and whether the application adds
/// <c>AddStandardResilienceHandler</c> to all its HTTP clients. <see cref="Allowed"/> is what the call may end in.
/// </summary>
internal sealed record ChaosSchedule(
    int Seed,
    string Operation,
    bool AmountAvailable,
    FaultKind Fault,
    int? Times,
    bool ApplicationResilienceHandler
)
{
    public const long PaymentAmount = 10_000;
    public const long CapturedFirst = 3_000;

    /// <summary>The client's attempt timeout; a late answer comes after it.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    private static readonly string[] Operations = ["capture", "refund", "void"];

    public static ChaosSchedule From(int seed)
    {
        var random = new Random(seed);
        var fault = (FaultKind)random.Next(Enum.GetValues<FaultKind>().Length);
        // One request in five of the faulted ones: the fault on every request, so that only an unknown outcome is true.
        int? times =
            fault == FaultKind.None ? null
            : random.Next(5) == 0 ? null
            : random.Next(1, 3);
        return new ChaosSchedule(
            seed,
            Operations[random.Next(Operations.Length)],
            AmountAvailable: random.Next(6) != 0,
            fault,
            times,
            ApplicationResilienceHandler: random.Next(2) == 0
        );
    }

    /// <summary>The fault as the emulator plays it.</summary>
    public HttpFault? HttpFault =>
        Fault switch
        {
            FaultKind.TooManyRequestsBefore => Testing.HttpFault.TooManyRequests(TimeSpan.Zero),
            FaultKind.ServiceUnavailableBefore => Testing.HttpFault.ServerError(503),
            FaultKind.UnauthorizedBefore => Testing.HttpFault.Unauthorized(),
            FaultKind.ServiceUnavailableAfterCommit => Testing.HttpFault.ServerError(503).AfterCommit(),
            FaultKind.DroppedAfterCommit => Testing.HttpFault.DropConnection().AfterCommit(),
            FaultKind.LateAfterCommit => Testing.HttpFault.Slow(AttemptTimeout * 2.5).AfterCommit(),
            _ => null,
        };

    /// <summary>
    /// A fault after which the client cannot tell whether the operation happened: a 503 (before or after), a dropped
    /// connection, no answer in time.
    /// </summary>
    public bool FaultIsAmbiguous =>
        Fault
            is FaultKind.ServiceUnavailableBefore
                or FaultKind.ServiceUnavailableAfterCommit
                or FaultKind.DroppedAfterCommit
                or FaultKind.LateAfterCommit;

    /// <summary>
    /// How the call may end. The client retries a capture, refund or void 3 times, so a fault on one or two requests
    /// is overcome; a 401 is overcome once (one token renewal per attempt), not twice in a row. The outcome is unknown
    /// only where the schedule made it unknowable: an ambiguous fault on every request; or an ambiguous fault followed
    /// by a refusal, which cannot prove that the faulted request did nothing (a resilience handler of the application
    /// may also have hidden the fault from the client, which then sees the refusal alone).
    /// </summary>
    public Ending Allowed =>
        (AmountAvailable, Fault, Times) switch
        {
            (false, _, _) when FaultIsAmbiguous => Ending.Refused | Ending.Unknown,
            (false, _, _) => Ending.Refused,
            (true, FaultKind.None, _) => Ending.Payment,
            (true, FaultKind.UnauthorizedBefore, 1) => Ending.Payment,
            (true, FaultKind.UnauthorizedBefore, _) => Ending.Refused,
            (true, FaultKind.TooManyRequestsBefore, null) => Ending.Refused,
            (true, _, null) => Ending.Unknown,
            _ => Ending.Payment,
        };

    public override string ToString() =>
        $"seed {Seed}: {Operation} of {(AmountAvailable ? "an available amount" : "more than is available")}, "
        + (Fault == FaultKind.None ? "no fault" : $"fault {Fault} {(Times is { } n ? $"x{n}" : "on every request")}")
        + $", {(ApplicationResilienceHandler ? "with" : "without")} AddStandardResilienceHandler";
}
