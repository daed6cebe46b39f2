using System.Collections.Concurrent;
using Purse.Models;

namespace Purse.Testing.State;

/// <summary>Everything the emulator remembers; safe to use from concurrent requests.</summary>
internal sealed class EmulatorState
{
    public ConcurrentDictionary<Guid, Record<ClientSession>> ClientSessions { get; } = new();

    public ConcurrentDictionary<Guid, Record<Payment>> Payments { get; } = new();

    public ConcurrentDictionary<Guid, Record<PaymentLink>> PaymentLinks { get; } = new();

    /// <summary>Payment link id → the webhook URL it was created with.</summary>
    public ConcurrentDictionary<Guid, Uri> PaymentLinkWebhooks { get; } = new();

    /// <summary>Payment link id → its shopper_redirection_url (null: created by the helper, without one).</summary>
    public ConcurrentDictionary<Guid, Uri?> PaymentLinkRedirections { get; } = new();

    /// <summary>Payment link id → the gate that lets one payment attempt through at a time.</summary>
    public ConcurrentDictionary<Guid, SemaphoreSlim> PaymentLinkAttempts { get; } = new();

    /// <summary>Partner transaction id → payment id, to resolve duplicate-authorization split items.</summary>
    public ConcurrentDictionary<Guid, Guid> PartnerTransactions { get; } = new();
}
