using System.Collections.Concurrent;

namespace Purse.Testing;

/// <summary>
/// HTTP faults armed per operation, named by the spec's operationId (<see cref="PurseOperationIds"/>;
/// <c>"*"</c> for every operation), played in both hosts before the operation runs:
/// <code>
/// emulator.Faults.Next(
///     PurseOperationIds.CapturePayment,
///     HttpFault.TooManyRequests(TimeSpan.FromSeconds(1)),
///     times: 3);
/// emulator.Faults.Always(PurseOperationIds.GetPayment, HttpFault.Slow(TimeSpan.FromSeconds(2)));
/// </code>
/// </summary>
public sealed class EmulatorFaults
{
    /// <summary>Matches every operation.</summary>
    public const string AnyOperation = "*";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<HttpFault>> _next = new(
        StringComparer.OrdinalIgnoreCase
    );
    private readonly ConcurrentDictionary<string, HttpFault> _always = new(StringComparer.OrdinalIgnoreCase);

    internal EmulatorFaults() { }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="operationId"/> get
    /// <paramref name="fault"/>.</summary>
    public EmulatorFaults Next(string operationId, HttpFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        var queue = _next.GetOrAdd(operationId, _ => new ConcurrentQueue<HttpFault>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(fault);
        }
        return this;
    }

    /// <summary>Every call of <paramref name="operationId"/> gets <paramref name="fault"/> (after the queued ones)
    /// until <see cref="Clear"/>.</summary>
    public EmulatorFaults Always(string operationId, HttpFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _always[operationId] = fault;
        return this;
    }

    /// <summary>Disarms every fault.</summary>
    public void Clear()
    {
        _next.Clear();
        _always.Clear();
    }

    /// <summary>The fault for this call, if any: the operation's own first, then the one for every operation.</summary>
    internal HttpFault? Take(string operationId) => TakeFor(operationId) ?? TakeFor(AnyOperation);

    private HttpFault? TakeFor(string key) =>
        _next.TryGetValue(key, out var queue) && queue.TryDequeue(out var fault) ? fault
        : _always.TryGetValue(key, out var always) ? always
        : null;
}
