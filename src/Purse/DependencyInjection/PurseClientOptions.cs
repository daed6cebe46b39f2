namespace Purse;

/// <summary>
/// Settings of the Purse client, bound from code (<c>AddPurseClient(o =&gt; ...)</c>) or from a
/// configuration section (<c>AddPurseClient(configuration.GetSection("Purse"))</c>). They are
/// checked when first used (and at host start), with a message naming every missing or invalid one.
/// </summary>
public sealed class PurseClientOptions
{
    /// <summary>Base address of the sandbox (preproduction), <c>https://api.purse-sandbox.com/</c> (page
    /// "Conventions").</summary>
    public static readonly Uri SandboxBaseAddress = new("https://api.purse-sandbox.com/");

    /// <summary>Base address of production, <c>https://api.purse-live.com/</c> (page "Conventions").</summary>
    public static readonly Uri ProductionBaseAddress = new("https://api.purse-live.com/");

    /// <summary>
    /// The addresses Purse sends sandbox (preproduction) webhooks from: 35.195.66.77, 34.141.13.87
    /// (https://docs.purse.tech/docs/references/convention).
    /// </summary>
    public static IReadOnlyList<string> SandboxWebhookSourceAddresses { get; } = ["35.195.66.77", "34.141.13.87"];

    /// <summary>
    /// The addresses Purse sends production webhooks from: 34.22.174.22, 34.89.137.175, 34.155.54.71
    /// (https://docs.purse.tech/docs/references/convention).
    /// </summary>
    public static IReadOnlyList<string> ProductionWebhookSourceAddresses { get; } =
    ["34.22.174.22", "34.89.137.175", "34.155.54.71"];

    /// <summary>OAuth2 client id (<c>CLIENT_ID</c>). Required.</summary>
    public string? ClientId { get; set; }

    /// <summary>OAuth2 client secret (<c>CLIENT_SECRET</c>). Required. Never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>API key sent as <c>x-api-key</c> (<c>API_KEY</c>). Required. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The merchant entity (<c>ENTITY_ID</c>), filled into requests whose <c>EntityId</c> is empty.
    /// Optional: without it, every request must carry its own.
    /// </summary>
    public Guid? EntityId { get; set; }

    /// <summary>Sandbox (default) or Production. Ignored when <see cref="BaseAddress"/> is set.</summary>
    public PurseEnvironment Environment { get; set; } = PurseEnvironment.Sandbox;

    /// <summary>
    /// Overrides the address chosen by <see cref="Environment"/> (e.g. an emulator). HTTPS is
    /// required except for loopback addresses.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Overrides the OAuth2 token endpoint, by default <c>{base address}oauth/token</c>.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>
    /// How long before its expiry a cached access token is renewed. Default 5 minutes; never
    /// more than half the token's lifetime.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a token request may take before the call fails. Default 30 seconds.</summary>
    public TimeSpan TokenRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest response body the client reads, in bytes. A larger one (declared or streamed)
    /// ends in a <see cref="PurseResponseException"/> and the excess is not read. Default 8 MiB:
    /// far above any Purse payload (a payment with 500 order lines is about 300 KB).
    /// </summary>
    public long MaxResponseSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Retries and timeouts of API calls.</summary>
    public PurseResilienceOptions Resilience { get; set; } = new();

    /// <summary>How redirection data is verified (signing key cache).</summary>
    public RedirectionVerificationOptions Redirection { get; set; } = new();

    /// <summary>
    /// The IP addresses webhooks are accepted from by <see cref="IPurseWebhooks.IsFromPurse"/>. Unset (null): the
    /// addresses Purse documents for the platform the client talks to (<see cref="SandboxWebhookSourceAddresses"/> or
    /// <see cref="ProductionWebhookSourceAddresses"/>): the one whose host <see cref="BaseAddress"/> names, else
    /// <see cref="Environment"/>. Set it when Purse announces new addresses before this package knows them, or in
    /// tests. IPv4 or IPv6 literals; an IPv4-mapped IPv6 sender matches its IPv4 entry.
    /// </summary>
    public IList<string>? WebhookSourceAddresses { get; set; }

    internal IReadOnlyList<string> EffectiveWebhookSourceAddresses =>
        WebhookSourceAddresses is { } configured ? [.. configured]
        : EffectivePlatform == PurseEnvironment.Production ? ProductionWebhookSourceAddresses
        : SandboxWebhookSourceAddresses;

    /// <summary>
    /// The Purse platform the calls go to: a base address on Purse's production or sandbox host names it (whatever
    /// <see cref="Environment"/> says, as for the calls themselves); any other address (an emulator, a proxy) leaves
    /// it to <see cref="Environment"/>.
    /// </summary>
    internal PurseEnvironment EffectivePlatform =>
        EffectiveBaseAddress.Host switch
        {
            var host when IsHostOf(host, ProductionBaseAddress) => PurseEnvironment.Production,
            var host when IsHostOf(host, SandboxBaseAddress) => PurseEnvironment.Sandbox,
            _ => Environment,
        };

    /// <summary>The API base address in use, ending with <c>/</c> (read from validated options: an absolute
    /// URL).</summary>
    internal Uri EffectiveBaseAddress =>
        WithTrailingSlash(
            BaseAddress ?? (Environment == PurseEnvironment.Production ? ProductionBaseAddress : SandboxBaseAddress)
        );

    /// <summary>The token endpoint in use.</summary>
    internal Uri EffectiveTokenEndpoint => TokenEndpoint ?? new Uri(EffectiveBaseAddress, "oauth/token");

    private static bool IsHostOf(string host, Uri platform) =>
        string.Equals(host, platform.Host, StringComparison.OrdinalIgnoreCase);

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
}

/// <summary>
/// Retries and timeouts of API calls. Reads (GET) are retried on network errors, timeouts, 408, 429 and 5xx.
/// Captures, refunds and voids are retried with their idempotency key (Purse carries each out once) on timeouts,
/// network errors, 408, 429, 502, 503 and 504. Creates and aborts carry a key too, but are sent once unless
/// <see cref="RetryCreatesAndAbort"/> is set.
/// </summary>
public sealed class PurseResilienceOptions
{
    /// <summary>How many times a failed call that may be retried is retried (0 disables retries). Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; later retries back off exponentially, with jitter. Default 1
    /// second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two retries, including one asked for by <c>Retry-After</c>. Default 30
    /// seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of one attempt. Default 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of a whole call, retries included. Default 90 seconds.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Retries creates (client session, payment, payment link) and aborts like captures, with their idempotency key.
    /// Default false: Purse documents the key for captures, refunds and voids only, so a create retried where Purse
    /// ignores the key could create twice. Set it once Purse confirms the key on these operations.
    /// </summary>
    public bool RetryCreatesAndAbort { get; set; }
}

/// <summary>Which Purse platform the client talks to.</summary>
public enum PurseEnvironment
{
    /// <summary>
    /// Preproduction, <c>https://api.purse-sandbox.com/</c> (tokens from
    /// <c>https://api.purse-sandbox.com/oauth/token</c>):
    /// test payments, no money moves.
    /// </summary>
    Sandbox,

    /// <summary>
    /// <c>https://api.purse-live.com/</c> (tokens from <c>https://api.purse-live.com/oauth/token</c>): real payments.
    /// Hosts from Purse's "Conventions" page (https://docs.purse.tech/docs/references/convention).
    /// </summary>
    Production,
}
