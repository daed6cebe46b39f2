using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Purse.Models;

namespace Purse.Testing.Tests;

/// <summary>
/// The hosted payment page of the emulator's server: <c>links.hosted_page</c> leads to it, a person chooses the
/// split and the outcome, and is sent back (303) to the shopper redirection URL with signed redirection data that
/// the facade verifies; webhooks go where the session says.
/// </summary>
internal sealed class HostedPageTests
{
    private readonly List<Payment> _webhooks = [];
    private PurseEmulator _emulator = null!;
    private PurseEmulatorServer _server = null!;
    private ServiceProvider _provider = null!;
    private IPurseClient _purse = null!;
    private HttpClient _browser = null!;

    [SetUp]
    public async Task StartAsync()
    {
        var options = new EmulatorOptions
        {
            WebhookDelegate = (payment, _) =>
            {
                lock (_webhooks)
                {
                    _webhooks.Add(payment);
                }
                return Task.CompletedTask;
            },
        };
        options.EligibleSolutions.Add(new EligibleSolutionRule("adyen", "creditcard"));
        _emulator = new PurseEmulator(options);
        _server = await _emulator.StartServerAsync(CancellationToken.None);
        _provider = new ServiceCollection().AddPurseClient(_emulator, _server.BaseAddress).BuildServiceProvider();
        _purse = _provider.GetRequiredService<IPurseClient>();
        // A browser that shows each redirect instead of following it.
        _browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    [TearDown]
    public async Task StopAsync()
    {
        _browser.Dispose();
        await _provider.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Test]
    public async Task The_hosted_page_link_leads_to_the_server_and_shows_what_to_pay()
    {
        var session = await CreateSessionAsync("order-<b>1</b>");

        var expected = new Uri(_server.BaseAddress, $"entities/{_emulator.EntityId}/sessions/{session.Id}");
        Assert.That(session.HostedPageUrl, Is.EqualTo(expected));
        using var page = await _browser.GetAsync(session.HostedPageUrl);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain("4299 EUR"));
            Assert.That(html, Does.Contain("uspmock/primary").And.Contain("adyen/creditcard"));
            Assert.That(html, Does.Contain("name=\"amount-0\"").And.Contain("name=\"amount-1\""));
            Assert.That(html, Does.Contain("value=\"REFUSED\""));
            Assert.That(
                html,
                Does.Contain("order-&lt;b&gt;1&lt;/b&gt;").And.Not.Contain("<b>1</b>"),
                "what the shop sent is encoded"
            );
        });
    }

    [Test]
    public async Task Paying_split_and_authorized_sends_the_shopper_back_with_data_the_client_verifies()
    {
        var session = await CreateSessionAsync("order-1", "https://shop.example/purse/return?shop=fr");

        using var paid = await PayAsync(
            session.HostedPageUrl!,
            ("amount-0", "1299"),
            ("amount-1", "3000"),
            ("outcome", "AUTHORIZED")
        );

        Assert.That(paid.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        var location = paid.Headers.Location!;
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.That(location.GetLeftPart(UriPartial.Path), Is.EqualTo("https://shop.example/purse/return"));
        Assert.That(query["shop"].ToString(), Is.EqualTo("fr"), "the return URL's own query is kept");
        var data = await _purse.Redirection.VerifyAsync(location.ToString(), CancellationToken.None);
        var payment = await _purse.Payments.GetAsync(data.PaymentId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(data.ClientSessionId, Is.EqualTo(session.Id));
            Assert.That(data.AuthorizationStatus, Is.EqualTo(AuthorizationStatus.Authorized));
            Assert.That(data.ClientSessionStatus, Is.EqualTo(ClientSessionStatus.Submitted));
            Assert.That(
                payment.Authorization!.PartnerTransactions!.Select(t => (t.Partner, t.Method, t.Amount)),
                Is.EqualTo(new[] { ("uspmock", "primary", (long?)1299), ("adyen", "creditcard", (long?)3000) })
            );
            Assert.That(_webhooks.Select(w => w.Id), Has.Member(payment.Id), "the payment's webhook was sent");
        });
    }

    [Test]
    public async Task The_outcome_chosen_is_the_authorization_s()
    {
        var session = await CreateSessionAsync("order-1");

        using var paid = await PayAsync(session.HostedPageUrl!, ("amount-0", "4299"), ("outcome", "REFUSED"));

        var data = await _purse.Redirection.VerifyAsync(paid.Headers.Location!.ToString(), CancellationToken.None);
        Assert.That(data.AuthorizationStatus, Is.EqualTo(AuthorizationStatus.Refused));
        var held = _emulator.FindPayment(data.PaymentId)!;
        Assert.That(held.Authorization!.Status, Is.EqualTo(AuthorizationStatus.Refused));
    }

    [TestCase("4000", "AUTHORIZED", "4000")]
    [TestCase("", "AUTHORIZED", "Choose how to pay")]
    [TestCase("12.50", "AUTHORIZED", "not a whole number of minor units")]
    [TestCase("4299", "MAYBE", "Choose the outcome")]
    public async Task A_choice_that_cannot_be_paid_shows_the_page_again_with_the_reason(
        string amount,
        string outcome,
        string reason
    )
    {
        var session = await CreateSessionAsync("order-1");

        using var refused = await PayAsync(session.HostedPageUrl!, ("amount-0", amount), ("outcome", outcome));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain(reason).And.Contain("<form"));
        Assert.That(
            _emulator.FindClientSession(session.Id)!.Status,
            Is.EqualTo(ClientSessionStatus.Created),
            "nothing was paid"
        );
    }

    [Test]
    public async Task A_session_already_paid_or_aborted_is_sent_back_to_the_return_url()
    {
        var paidSession = await CreateSessionAsync("order-1");
        using (await PayAsync(paidSession.HostedPageUrl!, ("amount-0", "4299"), ("outcome", "AUTHORIZED"))) { }
        var abortedSession = await CreateSessionAsync("order-2");
        await _purse.ClientSessions.AbortAsync(abortedSession.Id, CancellationToken.None);

        using var again = await _browser.GetAsync(paidSession.HostedPageUrl);
        using var aborted = await _browser.GetAsync(abortedSession.HostedPageUrl);

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        var data = await _purse.Redirection.VerifyAsync(again.Headers.Location!.ToString(), CancellationToken.None);
        Assert.That(
            data.ClientSessionId,
            Is.EqualTo(paidSession.Id),
            "a reload brings the shopper back with the same payment"
        );
        Assert.That(aborted.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(
            aborted.Headers.Location,
            Is.EqualTo(new Uri("https://shop.example/purse/return")),
            "no payment, no data"
        );
    }

    [Test]
    public async Task A_payment_link_is_paid_on_its_page_and_the_shopper_sent_back()
    {
        var link = await _purse.PaymentLinks.CreateAsync(
            new CreatePaymentLinkRequest
            {
                Amount = 2500,
                Currency = Currency.Eur,
                Order = new Order { Reference = "link-1" },
                ShopperRedirectionUrl = new Uri("https://shop.example/links/return"),
            },
            CancellationToken.None
        );

        using var paid = await PayAsync(link.HostedPageUrl!, ("amount-1", "2500"), ("outcome", "AUTHORIZED"));

        Assert.That(paid.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(
            paid.Headers.Location!.GetLeftPart(UriPartial.Path),
            Is.EqualTo("https://shop.example/links/return")
        );
        var read = await _purse.PaymentLinks.GetAsync(link.Id, CancellationToken.None);
        Assert.That(read.Status, Is.EqualTo(PaymentLinkStatus.Paid));
    }

    [Test]
    public async Task Another_entity_s_page_is_not_served()
    {
        var session = await CreateSessionAsync("order-1");
        var other = new Uri(_server.BaseAddress, $"entities/{Guid.NewGuid()}/sessions/{session.Id}");

        using var page = await _browser.GetAsync(other);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Without_a_server_the_link_points_nowhere_as_before()
    {
        await _server.DisposeAsync();
        await using var inProcess = new ServiceCollection().AddPurseClient(_emulator).BuildServiceProvider();

        var sessions = inProcess.GetRequiredService<IPurseClient>().ClientSessions;
        var session = await sessions.CreateAsync(SessionRequest("order-1", null), CancellationToken.None);

        Assert.That(session.HostedPageUrl!.Host, Is.EqualTo("pay.purse-emulator.invalid"));
    }

    private Task<ClientSession> CreateSessionAsync(
        string reference,
        string returnUrl = "https://shop.example/purse/return"
    ) => _purse.ClientSessions.CreateAsync(SessionRequest(reference, returnUrl), CancellationToken.None);

    private static CreateClientSessionRequest SessionRequest(string reference, string? returnUrl) =>
        new()
        {
            Amount = 4299,
            Currency = Currency.Eur,
            IntegrationMode = IntegrationMode.HostedPage,
            Order = new Order { Reference = reference },
            ShopperRedirectionUrl = new Uri(returnUrl ?? "https://shop.example/purse/return"),
        };

    private Task<HttpResponseMessage> PayAsync(Uri page, params (string Name, string Value)[] fields) =>
        _browser.PostAsync(page, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));
}
