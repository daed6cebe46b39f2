using Newtonsoft.Json;

namespace Purse.Models;

/// <summary>The relation names of <see cref="Links"/> that Purse documents.</summary>
public static class LinkRelations
{
    /// <summary>
    /// <c>hosted_page</c>: the hosted payment page of a client session created with integration mode
    /// HOSTED_PAGE, <c>https://pay.purse-{env}.com/entities/{entity-id}/sessions/{client-session-id}</c>
    /// (https://docs.purse.tech/docs/integrate/purse-checkout/hosted-page).
    /// </summary>
    public const string HostedPage = "hosted_page";

    internal static Uri? HostedPageOf(Links? links) =>
        links is not null && links.TryGetValue(HostedPage, out var link) ? link?.Url : null;
}

// Typed access to the hosted page on the generated resources.
public partial class ClientSession
{
    /// <summary>
    /// The hosted payment page to send the shopper to (<c>links.hosted_page</c>), for a session created
    /// with <c>integration_mode</c> HOSTED_PAGE; null when the session has none. Read from either shape
    /// of the link (a plain URL string, as documented, or an <c>{href, method}</c> object).
    /// </summary>
    [JsonIgnore]
    public Uri? HostedPageUrl => LinkRelations.HostedPageOf(Links);
}

public partial class PaymentLink
{
    /// <summary>
    /// The shareable payment page of this link (<c>links.hosted_page</c>), or null when the response has
    /// none. Pay by Link documents the link as a URL opening the hosted page; where the response carries it
    /// is not published (the spec assumes <c>links.hosted_page</c>, as on client sessions).
    /// </summary>
    [JsonIgnore]
    public Uri? HostedPageUrl => LinkRelations.HostedPageOf(Links);
}
