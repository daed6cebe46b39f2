namespace Purse.Testing.HostedPage;

/// <summary>
/// Where the emulator's hosted payment pages are: on its own server while one runs (so that the
/// <c>links.hosted_page</c> of a session or payment link leads somewhere a person can pay), else on a host
/// that resolves nowhere, as before. Purse's own is https://pay.purse-{env}.com.
/// </summary>
internal sealed class HostedPages
{
    /// <summary>The pages' host while no server runs: in-process, nothing serves them.</summary>
    public static readonly Uri Offline = new("https://pay.purse-emulator.invalid/");

    private volatile Uri _baseAddress = Offline;

    /// <summary>The server's address while it runs, else <see cref="Offline"/>.</summary>
    public Uri BaseAddress
    {
        get => _baseAddress;
        set => _baseAddress = value;
    }

    /// <summary>Purse's documented shape: <c>/entities/{entity-id}/sessions/{client-session-id}</c>.</summary>
    public string SessionUrl(Guid entityId, Guid clientSessionId) =>
        new Uri(BaseAddress, $"entities/{entityId}/sessions/{clientSessionId}").ToString();

    /// <summary>A payment link's page (its shape is not published; the sessions' one is followed).</summary>
    public string PaymentLinkUrl(Guid entityId, Guid paymentLinkId) =>
        new Uri(BaseAddress, $"entities/{entityId}/payment-links/{paymentLinkId}").ToString();
}
