using Purse.Models;

namespace Purse.Testing;

/// <summary>
/// How a <see cref="PurseEmulator"/> behaves: the credentials it accepts, lifetimes, the
/// eligible-solution table, the authorization outcome of each scenario, and where webhooks go.
/// Every property has a working default.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>The merchant entity; requests for another entity get 403.</summary>
    public Guid EntityId { get; set; } = Guid.NewGuid();

    /// <summary>OAuth2 client id the token endpoint accepts.</summary>
    public string ClientId { get; set; } = "emulator-client";

    /// <summary>OAuth2 client secret the token endpoint accepts (random by default).</summary>
    public string ClientSecret { get; set; } = "secret-" + Guid.NewGuid().ToString("N");

    /// <summary>The <c>x-api-key</c> every API call must carry (random by default).</summary>
    public string ApiKey { get; set; } = "key-" + Guid.NewGuid().ToString("N");

    /// <summary>How long an issued bearer token is accepted (Purse: 3600 s).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a client session stays open before it reads as EXPIRED.</summary>
    public TimeSpan ClientSessionLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a redirection-data JWS is valid after it is issued.</summary>
    public TimeSpan RedirectionDataLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an idempotency key is remembered after its write was processed: a write with the same key within
    /// that time is answered 409 write-conflict. Default 24 hours (Purse publishes no figure; "a reasonable duration").
    /// </summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The clock for token, session and signature expiry (a FakeTimeProvider in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The eligible-solution table: a solution is offered when its rule matches the amount and
    /// currency. Default: Purse's sandbox answer, <c>uspmock</c> / <c>primary</c> for everything.
    /// </summary>
    public IList<EligibleSolutionRule> EligibleSolutions { get; } = [new EligibleSolutionRule("uspmock", "primary")];

    /// <summary>
    /// The authorization outcome of each split item (one partner transaction). Default:
    /// AUTHORIZED. Return PENDING to complete it later with
    /// <see cref="PurseEmulator.CompleteAuthorizationAsync"/>.
    /// </summary>
    public Func<AuthorizationScenario, AuthorizationStatus> Authorize { get; set; } =
        _ => AuthorizationStatus.Authorized;

    /// <summary>
    /// The largest request body the emulator reads (default 4 MiB); a larger one is answered 413
    /// problem+json, in-process and over Kestrel.
    /// </summary>
    public long MaxRequestBodySize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Called with the Payment body on each <c>amounts</c> change (after the URL callback).</summary>
    public Func<Payment, CancellationToken, Task>? WebhookDelegate { get; set; }

    /// <summary>
    /// Where webhooks are POSTed when the payment carries no <c>webhook.url</c> of its own.
    /// </summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>
    /// The client that POSTs URL webhooks. Default: a private client that follows no redirect and
    /// posts to loopback hosts and <see cref="AllowedWebhookHosts"/> only.
    /// </summary>
    public HttpClient? WebhookHttpClient { get; set; }

    /// <summary>
    /// Hosts other than loopback that the emulator's own client may post webhooks to. Empty by
    /// default, so that a test using a production <c>webhook.url</c> never reaches it.
    /// </summary>
    public IList<string> AllowedWebhookHosts { get; } = [];

    /// <summary>The longest a URL webhook delivery may take before it is recorded as failed.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The waits before each retry of a URL webhook that got a non-2xx answer, an error or no answer
    /// (default 1 s, 5 s, 30 s: four attempts at most); empty: never retried. Measured on
    /// <see cref="TimeProvider"/>.
    /// </summary>
    public IList<TimeSpan> WebhookRetryDelays { get; } =
    [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];
}
