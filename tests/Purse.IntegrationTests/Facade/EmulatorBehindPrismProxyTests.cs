using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Purse.IntegrationTests.Peers;
using Purse.Models;
using Purse.Testing;
using Purse.Tests.Support;

namespace Purse.IntegrationTests.Facade;

/// <summary>
/// The full flow: the facade → <c>prism proxy --errors</c> → the emulator's Kestrel server.
/// Prism checks every request and every response against the spec and, with <c>--errors</c>,
/// turns any violation into an error answer, which the facade would throw. Every operation
/// succeeding here proves that the facade and the emulator both speak the spec; the last two
/// tests prove the proxy would catch a violation on either side.
/// </summary>
[NonParallelizable]
public sealed class EmulatorBehindPrismProxyTests
{
    private PurseEmulator _emulator = null!;
    private PeerProcess _proxy = null!;

    [OneTimeSetUp]
    public async Task StartEmulatorAndProxy()
    {
        var options = new EmulatorOptions();
        options.EligibleSolutions.Add(new EligibleSolutionRule("lydia", "wallet", [Currency.Eur]));
        _emulator = new PurseEmulator(options);
        var server = await _emulator.StartServerAsync(CancellationToken.None);
        _proxy = await Prism.ProxyAsync(server.BaseAddress);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    [Test]
    public async Task Every_operation_passes_the_validation_proxy()
    {
        await using var host = ThroughProxy(_proxy.BaseAddress);
        var purse = host.Purse;
        var total = Money.FromMajorUnits(42.99m, Currency.Eur);

        // Which partners can pay, then a payment split across the two of them.
        var solutions = await purse.EligibleSolutions.CheckAsync(
            new EligibleSolutionsRequest { Amount = total.MinorUnits, Currency = Currency.Eur }
        );
        var offered = solutions.EligibleSolutions!.Select(s => (s.Partner!, s.Method!)).ToList();
        Assert.That(offered, Is.EqualTo(new[] { ("uspmock", "primary"), ("lydia", "wallet") }));

        var parts = total.Allocate(2, 1);
        var payment = await purse.Payments.CreateAsync(
            new CreatePaymentRequest { Order = Order("order-proxy-1", total) }
                .SetAmount(total)
                .SetSplit(
                    SplitCandidates.New(parts[0], offered[0].Item1, offered[0].Item2),
                    SplitCandidates.New(parts[1], offered[1].Item1, offered[1].Item2)
                )
        );
        Assert.That(payment.Authorization!.PartnerTransactions, Has.Count.EqualTo(2));
        Assert.That(payment.Authorization.Status, Is.EqualTo(AuthorizationStatus.Authorized));

        Assert.That((await purse.Payments.GetAsync(payment.Id)).Version, Is.EqualTo(payment.Version));
        Assert.That((await purse.Payments.GetAsync(payment.Id, TimeSpan.FromMinutes(1))).Id, Is.EqualTo(payment.Id));

        payment = await purse.Payments.CaptureAsync(
            payment,
            Money.FromMajorUnits(30m, Currency.Eur),
            new PaymentOperationOptions { MerchantReference = "CAP-1" }
        );
        payment = await purse.Payments.RefundAsync(payment, Money.FromMajorUnits(10m, Currency.Eur));
        payment = await purse.Payments.VoidAsync(payment, payment.GetAvailableToVoid());
        Assert.That(
            (payment.GetAvailableToCapture(), payment.GetAvailableToRefund(), payment.Amounts!.TotalVoided),
            Is.EqualTo((Money.FromMinorUnits(0, Currency.Eur), Money.FromMajorUnits(20m, Currency.Eur), (long?)1299))
        );

        // Client sessions: one aborted by the merchant, one paid by the shopper in the widget.
        var abandoned = await purse.ClientSessions.CreateAsync(SessionRequest(total));
        Assert.That(
            (await purse.ClientSessions.GetAsync(abandoned.Id)).Status,
            Is.EqualTo(ClientSessionStatus.Created)
        );
        Assert.That(
            (await purse.ClientSessions.AbortAsync(abandoned.Id)).Status,
            Is.EqualTo(ClientSessionStatus.AbortedByMerchant)
        );

        var session = await purse.ClientSessions.CreateAsync(SessionRequest(total));
        var paid = await _emulator.PayClientSessionAsync(session.Id, null, CancellationToken.None);

        // The redirection data verifies against the signing JWKS read through the proxy.
        var redirection = await purse.Redirection.VerifyAsync(_emulator.CreateRedirectionData(paid.Id));
        Assert.That(
            (redirection.ClientSessionId, redirection.PaymentId, redirection.AuthorizationStatus),
            Is.EqualTo((session.Id, paid.Id, AuthorizationStatus.Authorized))
        );

        // A hosted page session: links.hosted_page is a plain URL string (documented), which Prism validates.
        var hosted = SessionRequest(total);
        hosted.IntegrationMode = IntegrationMode.HostedPage;
        Assert.That((await purse.ClientSessions.CreateAsync(hosted)).HostedPageUrl, Is.Not.Null);

        // Pay by Link (POST /payment/v2/payment-links, documented on docs.purse.tech, not in the reference).
        var link = await purse.PaymentLinks.CreateAsync(
            new CreatePaymentLinkRequest
            {
                ShopperRedirectionUrl = new Uri("https://shop.example/purse/return"),
                Order = Order("order-proxy-link", total),
            }.SetAmount(total)
        );
        Assert.That(link.HostedPageUrl, Is.Not.Null);
        Assert.That((await purse.PaymentLinks.GetAsync(link.Id)).GetAmount(), Is.EqualTo(total));

        var sent = host.Log.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(
                sent.Where(r => r.StatusCode is not (>= 200 and < 300) || r.Violations is not null),
                Is.Empty,
                "Prism reported no violation"
            );
            Assert.That(
                sent.Select(OperationOf).Distinct().Order(),
                Is.EqualTo(SpecDocument.Current.Operations().Select(o => o.OperationId).Order()),
                "every operation of the spec went through the proxy"
            );
        });
    }

    [Test]
    public async Task The_failure_paths_pass_the_validation_proxy()
    {
        await using var host = ThroughProxy(_proxy.BaseAddress);
        var purse = host.Purse;
        var total = Money.FromMajorUnits(60m, Currency.Eur);
        var payment = await purse.Payments.CreateAsync(
            new CreatePaymentRequest { Order = Order("order-proxy-failures", total) }
                .SetAmount(total)
                .SetSplit(
                    SplitCandidates.New(Money.FromMajorUnits(40m, Currency.Eur), "adyen", "creditcard"),
                    SplitCandidates.New(Money.FromMajorUnits(20m, Currency.Eur), "illicado", "giftcard")
                )
        );

        // CONFLICT: the gift card (taken first) fails, the card succeeds.
        _emulator.Partner("illicado").FailNextCapture();
        payment = await purse.Payments.CaptureAsync(payment, Money.FromMajorUnits(30m, Currency.Eur));
        Assert.That(
            (payment.Captures!.Last().Status, payment.Amounts!.TotalCaptured),
            Is.EqualTo((OperationStatus.Conflict, (long?)1000))
        );

        // PENDING, then SUCCESS; UNCERTAIN refund, with a priority list in the request.
        _emulator.Partner("illicado").Next(PaymentOperationKind.Capture, PartnerOutcome.Pending);
        payment = await purse.Payments.CaptureAsync(payment, Money.FromMajorUnits(20m, Currency.Eur));
        Assert.That(payment.Captures!.Last().Status, Is.EqualTo(OperationStatus.Pending));
        await _emulator.CompletePendingOperationsAsync(PartnerOutcome.Success, CancellationToken.None);
        _emulator.Partner("adyen").Next(PaymentOperationKind.Refund, PartnerOutcome.Uncertain);
        payment = await purse.Payments.RefundAsync(
            payment,
            Money.FromMajorUnits(5m, Currency.Eur),
            new PaymentOperationOptions
            {
                Priorities = OperationPriorities.Create().ThenPartner("illicado").ThenAllOthers().Build(),
            }
        );
        Assert.That(
            payment.Refunds!.Last().Status,
            Is.EqualTo(OperationStatus.Success),
            "illicado first, as the priority list says"
        );
        _emulator.Partner("adyen").Reset();

        // One capture sent twice with one idempotency key (as after a lost answer): Purse's 409 write-conflict,
        // checked by Prism against the spec, ends in the payment holding the one capture.
        var once = new PaymentOperationOptions { IdempotencyKey = "proxy-capture-once" };
        var first = await purse.Payments.CaptureAsync(payment, Money.FromMajorUnits(1m, Currency.Eur), once);
        var again = await purse.Payments.CaptureAsync(payment, Money.FromMajorUnits(1m, Currency.Eur), once);
        Assert.That(
            (again.Captures!.Count, again.Amounts!.TotalCaptured),
            Is.EqualTo((first.Captures!.Count, first.Amounts!.TotalCaptured))
        );
        payment = again;

        // A 502 and a 429 with Retry-After (this host's facade does not retry).
        _emulator.Faults.Next(PurseOperationIds.GetPayment, HttpFault.ServerError(502));
        Assert.That(async () => await purse.Payments.GetAsync(payment.Id), Throws.InstanceOf<PurseServerException>());
        _emulator.Faults.Next(PurseOperationIds.VoidPayment, HttpFault.TooManyRequests(TimeSpan.FromSeconds(1)));
        Assert.That(
            async () => await purse.Payments.VoidAsync(payment, payment.GetAvailableToVoid()),
            Throws.InstanceOf<PurseRateLimitedException>()
        );

        // A payment link: a refused attempt reopens it, the next one makes it PAID.
        var link = await purse.PaymentLinks.CreateAsync(
            new CreatePaymentLinkRequest
            {
                ShopperRedirectionUrl = new Uri("https://shop.example/purse/return"),
                Order = Order("order-proxy-link-2", total),
            }.SetAmount(total)
        );
        var attempts = 0;
        var authorize = _emulator.Options.Authorize;
        _emulator.Options.Authorize = _ =>
            ++attempts == 1 ? AuthorizationStatus.Refused : AuthorizationStatus.Authorized;
        try
        {
            await _emulator.PayPaymentLinkAsync(link.Id, null, CancellationToken.None);
            Assert.That((await purse.PaymentLinks.GetAsync(link.Id)).Status, Is.EqualTo(PaymentLinkStatus.Opened));
            await _emulator.PayPaymentLinkAsync(link.Id, null, CancellationToken.None);
        }
        finally
        {
            _emulator.Options.Authorize = authorize;
        }
        Assert.That((await purse.PaymentLinks.GetAsync(link.Id)).Status, Is.EqualTo(PaymentLinkStatus.Paid));

        var sent = host.Log.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(sent.Where(r => r.Violations is not null), Is.Empty, "Prism reported no violation");
            Assert.That(
                sent.Select(r => r.StatusCode).Where(c => c >= 400).Order(),
                Is.EqualTo(new[] { 409, 429, 502 }),
                "only the injected faults and the write-conflict failed"
            );
        });
    }

    [Test]
    public async Task The_proxy_refuses_a_request_that_breaks_the_spec_before_the_emulator_sees_it()
    {
        await using var host = ThroughProxy(_proxy.BaseAddress);
        var total = Money.FromMinorUnits(1000, Currency.Eur);
        var request = new CreatePaymentRequest { Order = Order("order-proxy-bad", total) }.SetAmount(total);
        request.Currency = new Currency("XXX"); // the facade lets unknown currencies through; the spec's enum does not
        var deliveries = _emulator.WebhookDeliveries.Count;

        var error = Assert.ThrowsAsync<PurseValidationException>(() => host.Purse.Payments.CreateAsync(request));

        var call = host.Log.Last(HttpMethod.Post, "/payment/v2/payments");
        Assert.Multiple(() =>
        {
            // 422 is Prism's own answer: the emulator refuses a bad body with 400.
            Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(error.Problem?.Type, Does.StartWith("https://stoplight.io/prism/errors"));
            Assert.That(error.Response.BodyExcerpt, Does.Contain("currency"), "Prism names the field");
            Assert.That(call.StatusCode, Is.EqualTo(422));
            Assert.That(_emulator.WebhookDeliveries, Has.Count.EqualTo(deliveries), "no payment was created upstream");
        });
    }

    [Test]
    public async Task The_proxy_flags_a_response_that_breaks_the_spec()
    {
        // A relay in front of the emulator that, when told, sends the payment's amount as text.
        await using var relay = await TamperingRelay.StartAsync(_emulator, CancellationToken.None);
        await using var proxy = await Prism.ProxyAsync(relay.BaseAddress);
        await using var host = ThroughProxy(proxy.BaseAddress);
        var total = Money.FromMinorUnits(1000, Currency.Eur);
        var payment = await host.Purse.Payments.CreateAsync(
            new CreatePaymentRequest { Order = Order("order-proxy-relay", total) }.SetAmount(total)
        );
        Assert.That(
            (await host.Purse.Payments.GetAsync(payment.Id)).Amount,
            Is.EqualTo(1000),
            "untouched, the relayed answer passes"
        );

        relay.TamperWithGet = (path, body) =>
        {
            var json = JObject.Parse(body);
            if (path.StartsWith("/payment/v2/payments/", StringComparison.Ordinal))
            {
                json["amount"] = "1000";
            }
            return json.ToString();
        };

        var error = Assert.ThrowsAsync<PurseServerException>(() => host.Purse.Payments.GetAsync(payment.Id));

        var call = host.Log.Last(HttpMethod.Get, "/payment/v2/payments/" + payment.Id);
        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(
                call.Violations,
                Does.Contain("\"location\":[\"response\",\"body\",\"amount\"]"),
                "Prism names the broken field"
            );
        });
    }

    private FacadeHost ThroughProxy(Uri proxy) =>
        FacadeHost.Create((services, http) => services.AddPurseClient(_emulator, proxy, FacadeHost.Bounded, http));

    private static Order Order(string reference, Money total) =>
        new() { Reference = reference, NetAmount = total.MinorUnits };

    private static CreateClientSessionRequest SessionRequest(Money total) =>
        new CreateClientSessionRequest
        {
            Order = Order("order-proxy-session", total),
            ShopperRedirectionUrl = new Uri("https://shop.example/return"),
        }.SetAmount(total);

    /// <summary>The spec operation a recorded request is an instance of.</summary>
    private static string OperationOf(RecordedRequest request)
    {
        var match = SpecDocument
            .Current.Operations()
            .SingleOrDefault(op =>
                string.Equals(op.Method, request.Method.Method, StringComparison.OrdinalIgnoreCase)
                && Regex.IsMatch(
                    request.Uri.AbsolutePath,
                    "^/"
                        + Regex.Escape(op.Path.TrimStart('/')).Replace(@"\{id}", "[^/]+", StringComparison.Ordinal)
                        + "$"
                )
            );
        return match?.OperationId
            ?? throw new AssertionException($"{request.Method} {request.Uri.AbsolutePath} is no operation of the spec");
    }
}
