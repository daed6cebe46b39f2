namespace Purse.Testing;

/// <summary>
/// An HTTP failure the emulator plays instead of (or before) an operation's real answer, to test
/// a client's resilience: <see cref="TooManyRequests"/>, <see cref="ServerError"/>,
/// <see cref="Slow"/>, <see cref="DropConnection"/>. Arm them with <see cref="PurseEmulator.Faults"/>.
/// </summary>
public sealed class HttpFault
{
    private HttpFault(int? status, TimeSpan? retryAfter, TimeSpan delay, bool drop, string description)
    {
        Status = status;
        RetryAfter = retryAfter;
        Delay = delay;
        Drop = drop;
        Description = description;
    }

    /// <summary>The status answered instead of the operation's, or null (slow or dropped).</summary>
    public int? Status { get; }

    /// <summary>The <c>Retry-After</c> of a 429 (whole seconds on the wire).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>How long the emulator waits (on its clock) before answering.</summary>
    public TimeSpan Delay { get; }

    /// <summary>True: the connection is dropped without an answer.</summary>
    public bool Drop { get; }

    internal string Description { get; }

    /// <summary>429 problem+json with <c>Retry-After</c> in seconds (rounded up).</summary>
    public static HttpFault TooManyRequests(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        return new(429, retryAfter, TimeSpan.Zero, false, "429 Too Many Requests");
    }

    /// <summary>A 5xx problem+json; the spec declares 500, 502 and 504.</summary>
    public static HttpFault ServerError(int status = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 500);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        return new(status, null, TimeSpan.Zero, false, $"{status} server error");
    }

    /// <summary>The operation's real answer, after <paramref name="delay"/> on the emulator's clock.</summary>
    public static HttpFault Slow(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(null, null, delay, false, $"slow answer ({delay})");
    }

    /// <summary>
    /// No answer: Kestrel aborts the connection; the in-process handler throws the
    /// <see cref="HttpRequestException"/> a reset connection gives. The operation is not run.
    /// </summary>
    public static HttpFault DropConnection() => new(null, null, TimeSpan.Zero, true, "dropped connection");

    /// <inheritdoc />
    public override string ToString() => Description;
}
