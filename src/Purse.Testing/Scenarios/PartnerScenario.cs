using System.Collections.Concurrent;

namespace Purse.Testing;

/// <summary>
/// How one partner (or every partner, <c>"*"</c>) answers its part of the next operations.
/// Get it with <see cref="PurseEmulator.Partner"/>; without instructions a partner succeeds.
/// <code>
/// emulator.Partner("illicado").FailNextCapture();
/// emulator.Partner("adyen").Next(PaymentOperationKind.Refund, PartnerOutcome.Pending, times: 2);
/// </code>
/// </summary>
public sealed class PartnerScenario
{
    private readonly ConcurrentDictionary<PaymentOperationKind, ConcurrentQueue<PartnerOutcome>> _next = new();
    private readonly ConcurrentDictionary<PaymentOperationKind, PartnerOutcome> _always = new();

    internal PartnerScenario(string partner) => Name = partner;

    /// <summary>The partner's name as in <c>split[].partner</c>, or <c>*</c> for every partner.</summary>
    public string Name { get; }

    /// <summary>The partner's part of the next <paramref name="times"/> operations of that kind ends
    /// <paramref name="outcome"/>.</summary>
    public PartnerScenario Next(PaymentOperationKind kind, PartnerOutcome outcome, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        var queue = _next.GetOrAdd(kind, _ => new ConcurrentQueue<PartnerOutcome>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(outcome);
        }
        return this;
    }

    /// <summary>Every operation of that kind ends <paramref name="outcome"/> for this partner (after the queued ones),
    /// until <see cref="Reset"/>.</summary>
    public PartnerScenario Always(PaymentOperationKind kind, PartnerOutcome outcome)
    {
        _always[kind] = outcome;
        return this;
    }

    /// <summary>The partner's part of the next capture fails.</summary>
    public PartnerScenario FailNextCapture() => Next(PaymentOperationKind.Capture, PartnerOutcome.Failure);

    /// <summary>The partner's part of the next refund fails.</summary>
    public PartnerScenario FailNextRefund() => Next(PaymentOperationKind.Refund, PartnerOutcome.Failure);

    /// <summary>The partner's part of the next void fails.</summary>
    public PartnerScenario FailNextVoid() => Next(PaymentOperationKind.Void, PartnerOutcome.Failure);

    /// <summary>Forgets every instruction: the partner succeeds again.</summary>
    public void Reset()
    {
        _next.Clear();
        _always.Clear();
    }

    /// <summary>Takes the next queued outcome of that kind, else the standing one, else null.</summary>
    internal PartnerOutcome? Take(PaymentOperationKind kind) =>
        _next.TryGetValue(kind, out var queue) && queue.TryDequeue(out var outcome) ? outcome
        : _always.TryGetValue(kind, out var always) ? always
        : null;
}
