namespace Purse;

/// <summary>What the redirection verifier logs. Tokens are never logged; kids are shortened and made
/// printable.</summary>
internal static partial class RedirectionLog
{
    [LoggerMessage(
        EventId = 5001,
        Level = LogLevel.Information,
        Message = "Fetched Purse's signing keys ({Reason}): kids {KeyIds}."
    )]
    public static partial void KeysFetched(ILogger logger, string reason, string keyIds);

    [LoggerMessage(
        EventId = 5002,
        Level = LogLevel.Warning,
        Message = "Fetching Purse's signing keys ({Reason}) failed."
    )]
    public static partial void FetchFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(
        EventId = 5003,
        Level = LogLevel.Warning,
        Message = "Ignored an entry of Purse's signing JWKS: {Why}."
    )]
    public static partial void KeySkipped(ILogger logger, string why);

    [LoggerMessage(
        EventId = 5004,
        Level = LogLevel.Information,
        Message = "Not refreshing the signing keys for unknown kid '{KeyId}' before {NotBefore:O} (rate limit)."
    )]
    public static partial void RefreshSuppressed(ILogger logger, string keyId, DateTimeOffset notBefore);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Refused redirection data: {Reason}. {Detail}")]
    public static partial void Refused(ILogger logger, RedirectionFailure reason, string detail);

    /// <summary>An attacker-chosen header value, cut to a length and alphabet safe to print in messages and
    /// logs.</summary>
    public static string Printable(string? value, int maxLength = 64) =>
        value is null
            ? "(none)"
            : string.Concat(value.Take(maxLength).Select(c => char.IsControl(c) ? '?' : c))
                + (value.Length > maxLength ? "…" : "");
}
