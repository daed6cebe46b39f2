namespace Purse.Caching;

/// <summary>Settings of the distributed token cache (<c>AddPurseDistributedTokenCache</c>).</summary>
public sealed class PurseDistributedTokenCacheOptions
{
    /// <summary>
    /// Prefix of the keys written to the shared store (default <c>purse:</c>): the token under
    /// <c>{prefix}token:{hash}</c>, the renewal marker under <c>{prefix}renewing:{hash}</c>, where the
    /// hash is of the environment, the addresses and the client id (never the id itself).
    /// </summary>
    public string KeyPrefix { get; set; } = "purse:";

    /// <summary>
    /// How long the renewal marker lives (default 5 s). The instance renewing the token extends it every third of
    /// this time while its token request runs (with Redis, the others see it and keep waiting for its token); once it
    /// is no longer extended, the others wait at most this long, then ask the token endpoint themselves. It bounds
    /// the extra wait when the renewing instance dies or its token request fails.
    /// </summary>
    public TimeSpan RenewalLockTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a waiting instance looks for the token another instance renews (default 50 ms).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Time limit of one operation on the shared store (default 1 s). Beyond it, or on any error,
    /// the in-memory copy serves and the call goes on.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After the shared store failed, how long it is left alone (default 10 s): the in-memory copy serves
    /// meanwhile.</summary>
    public TimeSpan OutageBackoff { get; set; } = TimeSpan.FromSeconds(10);
}
