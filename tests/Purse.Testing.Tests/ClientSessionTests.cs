using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

internal sealed class ClientSessionTests : EmulatorHarness
{
    private CreateClientSessionRequest SessionRequest(long amount = 4299, bool? allowFutureUsage = null) =>
        new()
        {
            EntityId = Emulator.EntityId,
            Amount = amount,
            Currency = Currency.Eur,
            ShopperRedirectionUrl = new Uri("https://shop.example/return"),
            Order = Order(netAmount: amount),
            AllowFutureUsage = allowFutureUsage,
        };

    private async Task<ClientSession> CreateAsync(CreateClientSessionRequest request)
    {
        using var response = await SendAsync(HttpMethod.Post, "/payment/v2/client-sessions", request);
        Assert.That(
            response.StatusCode,
            Is.EqualTo(HttpStatusCode.Created),
            await response.Content.ReadAsStringAsync()
        );
        return await ReadAsync<ClientSession>(response);
    }

    private async Task<ClientSession> GetAsync(Guid id)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/payment/v2/client-sessions/{id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await ReadAsync<ClientSession>(response);
    }

    [Test]
    public async Task Create_answers_201_with_a_created_session_that_expires()
    {
        var session = await CreateAsync(SessionRequest());

        Assert.Multiple(() =>
        {
            Assert.That(session.Id, Is.Not.EqualTo(Guid.Empty));
            Assert.That(session.Status, Is.EqualTo(ClientSessionStatus.Created));
            Assert.That(session.Amount, Is.EqualTo(4299));
            Assert.That(session.EntityId, Is.EqualTo(Emulator.EntityId));
            Assert.That(session.ExpiresAt, Is.EqualTo(Start + TimeSpan.FromMinutes(30)));
            Assert.That(
                session.EligibleSolutions!.Select(s => (s.Partner, s.Method)),
                Is.EqualTo(new[] { ("uspmock", "primary") })
            );
            Assert.That(session.Widget!.Data, Is.Not.Empty);
        });
        var widgetData = JObject.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(session.Widget!.Data!)));
        Assert.That((string?)widgetData["client_session_id"], Is.EqualTo(session.Id.ToString()));
    }

    [Test]
    public async Task Get_returns_the_stored_session()
    {
        var created = await CreateAsync(SessionRequest());

        var read = await GetAsync(created.Id);

        Assert.That(read.Id, Is.EqualTo(created.Id));
        Assert.That(read.Order!.Reference, Is.EqualTo("order_01"));
    }

    [Test]
    public async Task A_session_reads_as_expired_after_its_lifetime()
    {
        var created = await CreateAsync(SessionRequest());

        Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.That((await GetAsync(created.Id)).Status, Is.EqualTo(ClientSessionStatus.Expired));
    }

    [Test]
    public async Task Abort_sets_the_status_and_a_second_abort_is_refused()
    {
        var created = await CreateAsync(SessionRequest());

        using var aborted = await SendAsync(
            HttpMethod.Post,
            $"/payment/v2/client-sessions/{created.Id}/abort",
            new AbortClientSessionRequest { Status = ClientSessionAbortStatus.AbortedByMerchant }
        );
        using var again = await SendAsync(
            HttpMethod.Post,
            $"/payment/v2/client-sessions/{created.Id}/abort",
            new AbortClientSessionRequest { Status = ClientSessionAbortStatus.AbortedByCustomer }
        );

        Assert.That(aborted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(
            (await ReadAsync<ClientSession>(aborted)).Status,
            Is.EqualTo(ClientSessionStatus.AbortedByMerchant)
        );
        var problem = await ProblemAsync(again, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Single().Pointer, Is.EqualTo("/status"));
        Assert.That((await GetAsync(created.Id)).Status, Is.EqualTo(ClientSessionStatus.AbortedByMerchant));
    }

    [Test]
    public async Task Abort_with_a_status_the_spec_does_not_allow_is_refused()
    {
        var created = await CreateAsync(SessionRequest());

        using var response = await SendAsync(
            HttpMethod.Post,
            $"/payment/v2/client-sessions/{created.Id}/abort",
            "{\"status\":\"EXPIRED\"}"
        );

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Single().Pointer, Is.EqualTo("/status"));
    }

    [Test]
    public async Task An_amount_of_zero_needs_allow_future_usage()
    {
        using var refused = await SendAsync(HttpMethod.Post, "/payment/v2/client-sessions", SessionRequest(amount: 0));

        var problem = await ProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Single().Pointer, Is.EqualTo("/amount"));
        Assert.That((await CreateAsync(SessionRequest(amount: 0, allowFutureUsage: true))).Amount, Is.EqualTo(0));
    }

    [Test]
    public async Task A_body_missing_required_fields_gets_400_naming_each()
    {
        using var response = await SendAsync(
            HttpMethod.Post,
            "/payment/v2/client-sessions",
            "{\"amount\":100,\"currency\":\"EUR\"}"
        );

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(
            problem.Errors!.Select(e => e.Pointer),
            Is.EquivalentTo(new[] { "/entity_id", "/shopper_redirection_url", "/order" })
        );
        Assert.That(
            problem.Errors!.First(e => e.Pointer == "/order").Detail,
            Is.EqualTo("must have required property 'order'")
        );
    }

    [Test]
    public async Task An_unknown_session_gets_404_and_a_malformed_id_400()
    {
        using var unknown = await SendAsync(HttpMethod.Get, $"/payment/v2/client-sessions/{Guid.NewGuid()}");
        using var malformed = await SendAsync(HttpMethod.Get, "/payment/v2/client-sessions/not-a-uuid");

        await ProblemAsync(unknown, HttpStatusCode.NotFound);
        await ProblemAsync(malformed, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Paying_the_session_creates_its_payment_and_submits_it()
    {
        var created = await CreateAsync(SessionRequest());

        var payment = await Emulator.PayClientSessionAsync(created.Id, split: null, CancellationToken.None);

        var session = await GetAsync(created.Id);
        Assert.Multiple(() =>
        {
            Assert.That(session.Status, Is.EqualTo(ClientSessionStatus.Submitted));
            Assert.That(session.PaymentId, Is.EqualTo(payment.Id));
            Assert.That(payment.ClientSessionId, Is.EqualTo(created.Id));
            Assert.That(payment.Amounts!.TotalAuthorized, Is.EqualTo(4299));
        });
    }
}
