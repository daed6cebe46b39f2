namespace Purse;

/// <summary>
/// Checks <see cref="PurseClientOptions"/> once, before the first call, and names every missing or
/// invalid setting in one message so a misconfigured deployment is fixed in one go.
/// Secret values are never echoed.
/// </summary>
internal sealed class PurseClientOptionsValidator : IValidateOptions<PurseClientOptions>
{
    // Read into one array: above 1 GiB the buffer could not be allocated anyway.
    private const long MinResponseSize = 64 * 1024;
    private const long MaxResponseSize = 1024 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, PurseClientOptions options)
    {
        var failures = Settings(options)
            .Concat(options.Resilience is { } resilience ? Resilience(resilience) : [$"{Key(nameof(options.Resilience))} is required."])
            .Concat(options.Redirection is { } redirection ? Redirection(redirection) : [$"{Key(nameof(options.Redirection))} is required."])
            .OfType<string>().ToList();
        // A named client's failures say which client, so that one of several is fixed, not guessed.
        return failures.Count == 0 ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.IsNullOrEmpty(name) ? failures : failures.Select(f => $"Purse client '{name}': {f}"));
    }

    /// <summary>The failures of the top-level settings, null for each one that passes.</summary>
    private static IEnumerable<string?> Settings(PurseClientOptions o)
    {
        yield return Required(o.ClientId, nameof(o.ClientId));
        yield return Required(o.ClientSecret, nameof(o.ClientSecret));
        yield return Required(o.ApiKey, nameof(o.ApiKey));
        yield return Fail(o.EntityId == Guid.Empty, nameof(o.EntityId), "is the empty GUID: set the ENTITY_ID Purse gave you, or leave it unset.");
        yield return Fail(!Enum.IsDefined(o.Environment), nameof(o.Environment), "must be Sandbox or Production.");
        yield return SecureAbsolute(o.BaseAddress, nameof(o.BaseAddress));
        yield return SecureAbsolute(o.TokenEndpoint, nameof(o.TokenEndpoint));
        foreach (var (address, i) in (o.WebhookSourceAddresses ?? []).Select((address, i) => (address, i)))
        {
            yield return Fail(!IPAddress.TryParse(address, out _), $"{nameof(o.WebhookSourceAddresses)}:{i}", $"is not an IP address ('{address}').");
        }
        yield return Fail(o.MaxResponseSize is < MinResponseSize or > MaxResponseSize, nameof(o.MaxResponseSize),
            $"must be between {MinResponseSize} and {MaxResponseSize} bytes (is {o.MaxResponseSize}).");
        yield return NotNegative(o.TokenRefreshMargin, nameof(o.TokenRefreshMargin));
        yield return Within(o.TokenRequestTimeout, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(o.TokenRequestTimeout));
    }

    private static IEnumerable<string?> Resilience(PurseResilienceOptions r)
    {
        const string attempt = "Resilience:AttemptTimeout", total = "Resilience:TotalTimeout";
        yield return Fail(r.MaxRetryAttempts is < 0 or > 10, "Resilience:MaxRetryAttempts", $"must be between 0 and 10 (is {r.MaxRetryAttempts}).");
        yield return Positive(r.RetryBaseDelay, "Resilience:RetryBaseDelay");
        yield return Positive(r.MaxRetryDelay, "Resilience:MaxRetryDelay");
        yield return PollyTimeout(r.AttemptTimeout, attempt);
        yield return PollyTimeout(r.TotalTimeout, total);
        yield return Fail(r.AttemptTimeout > r.TotalTimeout, attempt, $"({r.AttemptTimeout}) must not exceed {Key(total)} ({r.TotalTimeout}).");
    }

    // The upper bounds keep a withdrawn key from being trusted for days and an expired token
    // from being accepted for hours.
    private static IEnumerable<string?> Redirection(RedirectionVerificationOptions r)
    {
        const string cache = "Redirection:KeyCacheDuration", refresh = "Redirection:MinimumRefreshInterval", skew = "Redirection:ClockSkew";
        yield return Positive(r.KeyCacheDuration, cache);
        yield return AtMost(r.KeyCacheDuration, TimeSpan.FromDays(1), cache);
        yield return NotNegative(r.MinimumRefreshInterval, refresh);
        yield return Fail(r.KeyCacheDuration > TimeSpan.Zero && r.MinimumRefreshInterval > r.KeyCacheDuration, refresh,
            $"({r.MinimumRefreshInterval}) must not exceed {Key(cache)} ({r.KeyCacheDuration}).");
        yield return NotNegative(r.ClockSkew, skew);
        yield return AtMost(r.ClockSkew, TimeSpan.FromHours(1), skew);
    }

    private static string Key(string setting) => $"Purse option '{setting}'";

    private static string? Fail(bool failed, string setting, string problem) => failed ? $"{Key(setting)} {problem}" : null;

    private static string? Required(string? value, string setting) => Fail(string.IsNullOrWhiteSpace(value), setting, "is required.");

    private static string? Positive(TimeSpan value, string setting) => Fail(value <= TimeSpan.Zero, setting, $"must be more than zero (is {value}).");

    private static string? NotNegative(TimeSpan value, string setting) => Fail(value < TimeSpan.Zero, setting, $"must be zero or more (is {value}).");

    private static string? AtMost(TimeSpan value, TimeSpan max, string setting) => Fail(value > max, setting, $"must be at most {max} (is {value}).");

    /// <summary>More than <paramref name="above"/> (or equal, when it is not zero) and at most <paramref name="max"/>.</summary>
    private static string? Within(TimeSpan value, TimeSpan above, TimeSpan max, string setting) =>
        above == TimeSpan.Zero && value <= TimeSpan.Zero ? Positive(value, setting)
        : Fail(value < above || value > max, setting, $"must be between {above} and {max} (is {value}).");

    // Polly's timeout strategy runs between 10 ms and 24 h; outside, every call would fail.
    private static string? PollyTimeout(TimeSpan value, string setting) =>
        Within(value, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1), setting);

    /// <summary>Credentials must not travel in clear text: HTTPS, except on this machine (emulators, tests).</summary>
    private static string? SecureAbsolute(Uri? uri, string setting) => uri switch
    {
        null => null,
        { IsAbsoluteUri: false } => Fail(true, setting, $"must be an absolute URL (is '{uri}')."),
        { Scheme: var scheme } when scheme != Uri.UriSchemeHttps && !(scheme == Uri.UriSchemeHttp && uri.IsLoopback) => Fail(true, setting,
            $"must use HTTPS; plain HTTP is allowed only for loopback addresses (is '{uri.GetLeftPart(UriPartial.Authority)}')."),
        { Query: "", Fragment: "", UserInfo: "" } => null,
        _ => Fail(true, setting, "must not carry a query, fragment or user info."),
    };
}
