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
    private const string Attempt = "Resilience:AttemptTimeout",
        Total = "Resilience:TotalTimeout";
    private const string KeyCache = "Redirection:KeyCacheDuration",
        Refresh = "Redirection:MinimumRefreshInterval",
        Skew = "Redirection:ClockSkew";

    public ValidateOptionsResult Validate(string? name, PurseClientOptions options)
    {
        // A missing Resilience or Redirection is named once; the defaults that stand in for it pass their rules.
        var failures = Failures(options, options.Resilience ?? new(), options.Redirection ?? new())
            .OfType<string>()
            .ToList();
        // A named client's failures say which client, so that one of several is fixed, not guessed.
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                string.IsNullOrEmpty(name) ? failures : failures.Select(f => $"Purse client '{name}': {f}")
            );
    }

    /// <summary>One entry per rule, in the order of the settings: its failure, or null when it passes.</summary>
    private static string?[] Failures(
        PurseClientOptions o,
        PurseResilienceOptions r,
        RedirectionVerificationOptions d
    ) =>
        [
            Required(o.ClientId, nameof(o.ClientId)),
            Required(o.ClientSecret, nameof(o.ClientSecret)),
            Required(o.ApiKey, nameof(o.ApiKey)),
            Fail(
                o.EntityId == Guid.Empty,
                nameof(o.EntityId),
                "is the empty GUID: set the ENTITY_ID Purse gave you, or leave it unset."
            ),
            Fail(!Enum.IsDefined(o.Environment), nameof(o.Environment), "must be Sandbox or Production."),
            SecureAbsolute(o.BaseAddress, nameof(o.BaseAddress)),
            SecureAbsolute(o.TokenEndpoint, nameof(o.TokenEndpoint)),
            .. (o.WebhookSourceAddresses ?? []).Select(
                (address, i) =>
                    Fail(
                        !IPAddress.TryParse(address, out _),
                        $"{nameof(o.WebhookSourceAddresses)}:{i}",
                        $"is not an IP address ('{address}')."
                    )
            ),
            Fail(
                o.MaxResponseSize is < MinResponseSize or > MaxResponseSize,
                nameof(o.MaxResponseSize),
                $"must be between {MinResponseSize} and {MaxResponseSize} bytes (is {o.MaxResponseSize})."
            ),
            NotNegative(o.TokenRefreshMargin, nameof(o.TokenRefreshMargin)),
            Within(o.TokenRequestTimeout, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(o.TokenRequestTimeout)),
            Fail(o.Resilience is null, nameof(o.Resilience), "is required."),
            Fail(
                r.MaxRetryAttempts is < 0 or > 10,
                "Resilience:MaxRetryAttempts",
                $"must be between 0 and 10 (is {r.MaxRetryAttempts})."
            ),
            Within(r.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromDays(1), "Resilience:RetryBaseDelay"),
            Within(r.MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromDays(1), "Resilience:MaxRetryDelay"),
            PollyTimeout(r.AttemptTimeout, Attempt),
            PollyTimeout(r.TotalTimeout, Total),
            Fail(
                r.AttemptTimeout > r.TotalTimeout,
                Attempt,
                $"({r.AttemptTimeout}) must not exceed {Key(Total)} ({r.TotalTimeout})."
            ),
            // The upper bounds keep a withdrawn key from being trusted for days and an expired token
            // from being accepted for hours.
            Fail(o.Redirection is null, nameof(o.Redirection), "is required."),
            Positive(d.KeyCacheDuration, KeyCache),
            AtMost(d.KeyCacheDuration, TimeSpan.FromDays(1), KeyCache),
            NotNegative(d.MinimumRefreshInterval, Refresh),
            Fail(
                d.KeyCacheDuration > TimeSpan.Zero && d.MinimumRefreshInterval > d.KeyCacheDuration,
                Refresh,
                $"({d.MinimumRefreshInterval}) must not exceed {Key(KeyCache)} ({d.KeyCacheDuration})."
            ),
            NotNegative(d.ClockSkew, Skew),
            AtMost(d.ClockSkew, TimeSpan.FromHours(1), Skew),
        ];

    private static string Key(string setting) => $"Purse option '{setting}'";

    private static string? Fail(bool failed, string setting, string problem) =>
        failed ? $"{Key(setting)} {problem}" : null;

    private static string? Required(string? value, string setting) =>
        Fail(string.IsNullOrWhiteSpace(value), setting, "is required.");

    private static string? Positive(TimeSpan value, string setting) =>
        Fail(value <= TimeSpan.Zero, setting, $"must be more than zero (is {value}).");

    private static string? NotNegative(TimeSpan value, string setting) =>
        Fail(value < TimeSpan.Zero, setting, $"must be zero or more (is {value}).");

    private static string? AtMost(TimeSpan value, TimeSpan max, string setting) =>
        Fail(value > max, setting, $"must be at most {max} (is {value}).");

    /// <summary>More than <paramref name="above"/> (or equal, when it is not zero) and at most
    /// <paramref name="max"/>.</summary>
    private static string? Within(TimeSpan value, TimeSpan above, TimeSpan max, string setting) =>
        above == TimeSpan.Zero && value <= TimeSpan.Zero
            ? Positive(value, setting)
            : Fail(value < above || value > max, setting, $"must be between {above} and {max} (is {value}).");

    // Polly's timeout strategy runs between 10 ms and 24 h; outside, every call would fail.
    private static string? PollyTimeout(TimeSpan value, string setting) =>
        Within(value, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1), setting);

    /// <summary>
    /// Credentials must not travel in clear text: HTTPS, except on this machine (emulators, tests). User info
    /// (<c>user:password@</c>) is refused, since the client would send it; a failure never prints more of an
    /// address than its scheme, host and port, so a password written into it stays out of the message.
    /// </summary>
    private static string? SecureAbsolute(Uri? uri, string setting) =>
        uri switch
        {
            null => null,
            { IsAbsoluteUri: false } => Fail(true, setting, "must be an absolute URL (the value is not shown)."),
            { UserInfo.Length: > 0 } => Fail(
                true,
                setting,
                $"must not carry user info: the client would send it (is '{uri.Scheme}://***@{uri.Authority}')."
            ),
            { Scheme: var scheme }
                when scheme != Uri.UriSchemeHttps && !(scheme == Uri.UriSchemeHttp && uri.IsLoopback) => Fail(
                true,
                setting,
                "must use HTTPS; plain HTTP is allowed only for loopback addresses "
                    + $"(is '{uri.Scheme}://{uri.Authority}')."
            ),
            { Query: "", Fragment: "" } => null,
            _ => Fail(true, setting, "must not carry a query or fragment."),
        };
}
