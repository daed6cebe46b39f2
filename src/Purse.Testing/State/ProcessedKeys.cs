using System.Collections.Concurrent;
using Purse.Testing.Routing;
using Purse.Testing.Validation;

namespace Purse.Testing.State;

/// <summary>
/// The idempotency keys of the writes already processed, per entity, as Purse documents them (page "Idempotency",
/// https://docs.purse.tech/docs/references/glossary/payment/idempotency): a write whose key was processed is
/// answered 409 write-conflict, naming its first result in <c>resource_id</c>, and changes nothing. Requests with
/// the same key run one at a time, so two copies sent at once (a hedging handler) are applied once. A write that
/// is refused (4xx) keeps no key. A key is forgotten <see cref="EmulatorOptions.IdempotencyKeyRetention"/> after it
/// was processed, on the emulator's clock (Purse publishes no retention).
/// </summary>
internal sealed class ProcessedKeys(EmulatorOptions options)
{
    /// <summary>Above this many keys, expired ones are swept on the next insertion.</summary>
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<(Guid Entity, string Key), Slot> _slots = new();

    /// <summary>
    /// Runs <paramref name="write"/> unless <paramref name="key"/> was already processed for
    /// <paramref name="entity"/>; without a key, always runs it.
    /// </summary>
    public async Task<EmulatorResponse> RunOnceAsync(
        Guid entity,
        string? key,
        Func<Task<(EmulatorResponse Answer, Guid ResourceId)>> write,
        CancellationToken cancellationToken
    )
    {
        if (string.IsNullOrEmpty(key))
        {
            return (await write().ConfigureAwait(false)).Answer;
        }
        var slot = SlotOf(entity, key);
        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = options.TimeProvider.GetUtcNow();
            if (slot.ResourceId is { } earlier && now - slot.ProcessedAt < options.IdempotencyKeyRetention)
            {
                throw EmulatorProblem.WriteConflict(earlier);
            }
            var (answer, resourceId) = await write().ConfigureAwait(false);
            slot.ResourceId = resourceId;
            slot.ProcessedAt = options.TimeProvider.GetUtcNow();
            return answer;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private Slot SlotOf(Guid entity, string key)
    {
        if (_slots.Count > SweepAbove)
        {
            Sweep();
        }
        return _slots.GetOrAdd((entity, key), _ => new Slot());
    }

    private void Sweep()
    {
        var now = options.TimeProvider.GetUtcNow();
        foreach (var (name, slot) in _slots)
        {
            if (slot.ResourceId is not null && now - slot.ProcessedAt >= options.IdempotencyKeyRetention)
            {
                _slots.TryRemove(name, out _);
            }
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Guid? ResourceId { get; set; }

        public DateTimeOffset ProcessedAt { get; set; }
    }
}
