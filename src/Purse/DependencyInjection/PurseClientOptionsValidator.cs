using Microsoft.Extensions.Options;

namespace Purse;

/// <summary>
/// Checks <see cref="PurseClientOptions"/> once, before the first call, and names every missing or
/// invalid setting in one message so a misconfigured deployment is fixed in one go.
/// Secret values are never echoed.
/// </summary>
internal sealed class PurseClientOptionsValidator : IValidateOptions<PurseClientOptions>
{
    public ValidateOptionsResult Validate(string? name, PurseClientOptions options)
    {
        var failures = new List<string>();
        Required(options.ClientId, nameof(options.ClientId), failures);
        Required(options.ClientSecret, nameof(options.ClientSecret), failures);
        Required(options.ApiKey, nameof(options.ApiKey), failures);

        if (options.EntityId == Guid.Empty)
        {
            failures.Add($"{Key(nameof(options.EntityId))} is the empty GUID: set the ENTITY_ID Purse gave you, or leave it unset.");
        }
        if (!Enum.IsDefined(options.Environment))
        {
            failures.Add($"{Key(nameof(options.Environment))} must be {nameof(PurseEnvironment.Sandbox)} or {nameof(PurseEnvironment.Production)}.");
        }
        SecureAbsolute(options.BaseAddress, nameof(options.BaseAddress), failures);
        SecureAbsolute(options.TokenEndpoint, nameof(options.TokenEndpoint), failures);

        if (options.WebhookSourceAddresses is { } sources)
        {
            for (var i = 0; i < sources.Count; i++)
            {
                if (!System.Net.IPAddress.TryParse(sources[i], out _))
                {
                    failures.Add($"{Key(nameof(options.WebhookSourceAddresses) + ":" + i)} is not an IP address ('{sources[i]}').");
                }
            }
        }

        // Read into one array: above 1 GiB the buffer could not be allocated anyway.
        if (options.MaxResponseSize is < MinResponseSize or > MaxResponseSize)
        {
            failures.Add($"{Key(nameof(options.MaxResponseSize))} must be between {MinResponseSize} and {MaxResponseSize} bytes (is {options.MaxResponseSize}).");
        }
        Positive(options.TokenRefreshMargin, nameof(options.TokenRefreshMargin), failures, allowZero: true);
        Within(options.TokenRequestTimeout, TimeSpan.Zero, TimeSpan.FromDays(1), nameof(options.TokenRequestTimeout), failures);

        var resilience = options.Resilience;
        if (resilience is null)
        {
            failures.Add($"{Key(nameof(options.Resilience))} is required.");
        }
        else
        {
            var prefix = nameof(options.Resilience) + ":";
            if (resilience.MaxRetryAttempts is < 0 or > 10)
            {
                failures.Add($"{Key(prefix + nameof(resilience.MaxRetryAttempts))} must be between 0 and 10 (is {resilience.MaxRetryAttempts}).");
            }
            Positive(resilience.RetryBaseDelay, prefix + nameof(resilience.RetryBaseDelay), failures);
            Positive(resilience.MaxRetryDelay, prefix + nameof(resilience.MaxRetryDelay), failures);
            // Polly's timeout strategy runs between 10 ms and 24 h; outside, every call would fail.
            Within(resilience.AttemptTimeout, PollyMinTimeout, PollyMaxTimeout, prefix + nameof(resilience.AttemptTimeout), failures);
            Within(resilience.TotalTimeout, PollyMinTimeout, PollyMaxTimeout, prefix + nameof(resilience.TotalTimeout), failures);
            if (resilience.AttemptTimeout > resilience.TotalTimeout)
            {
                failures.Add($"{Key(prefix + nameof(resilience.AttemptTimeout))} ({resilience.AttemptTimeout}) must not exceed {Key(prefix + nameof(resilience.TotalTimeout))} ({resilience.TotalTimeout}).");
            }
        }
        if (options.Redirection is null)
        {
            failures.Add($"{Key(nameof(options.Redirection))} is required.");
        }
        else
        {
            ValidateRedirection(options.Redirection, failures);
        }

        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }
        // A named client's failures say which client, so that one of several is fixed, not guessed.
        return ValidateOptionsResult.Fail(string.IsNullOrEmpty(name) ? failures : failures.Select(f => $"Purse client '{name}': {f}"));
    }

    private const long MinResponseSize = 64 * 1024;
    private const long MaxResponseSize = 1024 * 1024 * 1024;

    // The upper bounds keep a withdrawn key from being trusted for days and an expired token
    // from being accepted for hours.
    private static readonly TimeSpan MaxKeyCacheDuration = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromHours(1);

    /// <summary>The <c>Redirection:*</c> options (<see cref="RedirectionVerificationOptions"/>).</summary>
    private static void ValidateRedirection(RedirectionVerificationOptions redirection, List<string> failures)
    {
        const string prefix = nameof(PurseClientOptions.Redirection) + ":";
        var cache = prefix + nameof(redirection.KeyCacheDuration);
        var refresh = prefix + nameof(redirection.MinimumRefreshInterval);
        var skew = prefix + nameof(redirection.ClockSkew);

        Positive(redirection.KeyCacheDuration, cache, failures);
        AtMost(redirection.KeyCacheDuration, MaxKeyCacheDuration, cache, failures);
        Positive(redirection.MinimumRefreshInterval, refresh, failures, allowZero: true);
        if (redirection.KeyCacheDuration > TimeSpan.Zero && redirection.MinimumRefreshInterval > redirection.KeyCacheDuration)
        {
            failures.Add($"{Key(refresh)} ({redirection.MinimumRefreshInterval}) must not exceed {Key(cache)} ({redirection.KeyCacheDuration}).");
        }
        Positive(redirection.ClockSkew, skew, failures, allowZero: true);
        AtMost(redirection.ClockSkew, MaxClockSkew, skew, failures);
    }

    private static void AtMost(TimeSpan value, TimeSpan max, string setting, List<string> failures)
    {
        if (value > max)
        {
            failures.Add($"{Key(setting)} must be at most {max} (is {value}).");
        }
    }

    private static string Key(string setting) => $"Purse option '{setting}'";

    private static void Required(string? value, string setting, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Key(setting)} is required.");
        }
    }

    private static readonly TimeSpan PollyMinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan PollyMaxTimeout = TimeSpan.FromDays(1);

    /// <summary>More than <paramref name="above"/> (or equal, when it is not zero) and at most <paramref name="max"/>.</summary>
    private static void Within(TimeSpan value, TimeSpan above, TimeSpan max, string setting, List<string> failures)
    {
        if (value <= TimeSpan.Zero && above == TimeSpan.Zero)
        {
            failures.Add($"{Key(setting)} must be more than zero (is {value}).");
        }
        else if (value < above || value > max)
        {
            failures.Add($"{Key(setting)} must be between {above} and {max} (is {value}).");
        }
    }

    private static void Positive(TimeSpan value, string setting, List<string> failures, bool allowZero = false)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            failures.Add($"{Key(setting)} must be {(allowZero ? "zero or more" : "more than zero")} (is {value}).");
        }
    }

    /// <summary>Credentials must not travel in clear text: HTTPS, except on this machine (emulators, tests).</summary>
    private static void SecureAbsolute(Uri? uri, string setting, List<string> failures)
    {
        if (uri is null)
        {
            return;
        }
        if (!uri.IsAbsoluteUri)
        {
            failures.Add($"{Key(setting)} must be an absolute URL (is '{uri}').");
        }
        else if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            failures.Add($"{Key(setting)} must use HTTPS; plain HTTP is allowed only for loopback addresses (is '{uri.GetLeftPart(UriPartial.Authority)}').");
        }
        else if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            failures.Add($"{Key(setting)} must not carry a query, fragment or user info.");
        }
    }
}
