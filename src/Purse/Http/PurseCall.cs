namespace Purse;

/// <summary>
/// One call of the facade, as its exchange handlers see it: the generated client attaches a write's call to each
/// request it sends (<see cref="RawPurseClient.CallContext"/>), so a handler knows which call an exchange belongs to.
/// A read's is not attached: nothing is recorded for it (it moves nothing), and its requests carry no options.
/// </summary>
internal sealed class PurseCall(PurseOperation operation)
{
    public PurseOperation Operation { get; } = operation;

    /// <summary>
    /// True once a request of this call was sent and not answered with a redirect or a 4xx: Purse may have carried
    /// it out. Set by <see cref="SendRecordHandler"/> on every exchange, also those a handler of the application
    /// re-sends; it tells a write's failure "outcome unknown" from "not sent" or "refused".
    /// </summary>
    public bool MayHaveReachedPurse { get; set; }

    /// <summary>The call a request belongs to, or null for a request the facade did not make.</summary>
    public static PurseCall? Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(RawPurseClient.CallContextKey, out var context) ? context as PurseCall : null;
}
