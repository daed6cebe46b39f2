namespace Purse.Testing;

/// <summary>What one partner answers for its part of a capture, refund or void.</summary>
public enum PartnerOutcome
{
    /// <summary>The partner did it (the default).</summary>
    Success,

    /// <summary>No final answer yet: the amount is held until
    /// <see cref="PurseEmulator.CompletePendingOperationsAsync"/>.</summary>
    Pending,

    /// <summary>The partner failed: its amount becomes available again.</summary>
    Failure,

    /// <summary>The partner's answer is unknown: the amount stays held until completed, like PENDING.</summary>
    Uncertain,
}
