namespace Purse.Testing;

/// <summary>
/// An HTTP failure the emulator plays instead of an operation's real answer, to test a client's resilience:
/// <see cref="TooManyRequests"/>, <see cref="ServerError"/>, <see cref="Unauthorized"/>, <see cref="Slow"/>,
/// <see cref="DropConnection"/>. By default the fault is played before the operation runs, so the operation does not
/// happen; <see cref="AfterCommit"/> plays it after the operation has run and its changes are kept ("Purse did it,
/// but the answer was lost"). Arm them with <see cref="PurseEmulator.Faults"/>.
/// </summary>
public sealed class HttpFault
{
    private HttpFault(
        int? status,
        TimeSpan? retryAfter,
        TimeSpan delay,
        bool drop,
        string description,
        bool isAfterCommit = false
    )
    {
        Status = status;
        RetryAfter = retryAfter;
        Delay = delay;
        Drop = drop;
        Description = description;
        IsAfterCommit = isAfterCommit;
    }

    /// <summary>The status answered instead of the operation's, or null (slow or dropped).</summary>
    public int? Status { get; }

    /// <summary>The <c>Retry-After</c> of a 429 (whole seconds on the wire).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>How long the emulator waits (on its clock) before answering.</summary>
    public TimeSpan Delay { get; }

    /// <summary>True: the connection is dropped without an answer.</summary>
    public bool Drop { get; }

    /// <summary>
    /// True: played after the operation has run (its changes kept): the answer is replaced by the fault (a 5xx, a
    /// dropped connection), or sent late. False (the default): played before, and the operation does not run.
    /// </summary>
    public bool IsAfterCommit { get; }

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

    /// <summary>
    /// A 401 problem+json with <c>WWW-Authenticate: Bearer</c>, as for a token Purse no longer accepts: a client renews
    /// its token and sends again. The operation does not run.
    /// </summary>
    public static HttpFault Unauthorized() => new(401, null, TimeSpan.Zero, false, "401 Unauthorized");

    /// <summary>
    /// The operation's real answer, after <paramref name="delay"/> on the emulator's clock. Before the operation (the
    /// default), a client that gives up during the delay stops it from happening; with <see cref="AfterCommit"/>, the
    /// operation has happened and only its answer is late.
    /// </summary>
    public static HttpFault Slow(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(null, null, delay, false, $"slow answer ({delay})");
    }

    /// <summary>
    /// No answer: Kestrel aborts the connection; the in-process handler throws the
    /// <see cref="HttpRequestException"/> a reset connection gives. The operation is not run (unless
    /// <see cref="AfterCommit"/>).
    /// </summary>
    public static HttpFault DropConnection() => new(null, null, TimeSpan.Zero, true, "dropped connection");

    /// <summary>
    /// The same fault, played after the operation has run and its changes are kept:
    /// <c>ServerError(503).AfterCommit()</c>
    /// answers 503 for a capture that happened, <c>DropConnection().AfterCommit()</c> loses its answer,
    /// <c>Slow(d).AfterCommit()</c> answers it late.
    /// </summary>
    public HttpFault AfterCommit() =>
        new(Status, RetryAfter, Delay, Drop, Description + " after the operation ran", isAfterCommit: true);

    /// <inheritdoc />
    public override string ToString() => Description;
}
