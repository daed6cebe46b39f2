using System.Net;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

internal sealed class PaymentLinkAndEligibilityTests : EmulatorHarness
{
    protected override void Configure(EmulatorOptions options)
    {
        options.EligibleSolutions.Clear();
        options.EligibleSolutions.Add(new EligibleSolutionRule("uspmock", "primary"));
        options.EligibleSolutions.Add(new EligibleSolutionRule("oney", "cb3x", [Currency.Eur], MinAmount: 10000));
        options.Authorize = s => s.Method == "declined" ? AuthorizationStatus.Refused : AuthorizationStatus.Authorized;
    }

    private async Task<PaymentLink> GetLinkAsync(Guid id)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/payment/v2/payment-links/{id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await ReadAsync<PaymentLink>(response);
    }

    private async Task<EligibleSolutionsResponse> EligibleAsync(long amount, Currency currency)
    {
        using var response = await SendAsync(
            HttpMethod.Post,
            "/payment/v2/eligible-solutions",
            new EligibleSolutionsRequest
            {
                EntityId = Emulator.EntityId,
                Amount = amount,
                Currency = currency,
                Order = Order(netAmount: amount),
            }
        );
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await ReadAsync<EligibleSolutionsResponse>(response);
    }

    [Test]
    public async Task Eligible_solutions_come_from_the_configured_table()
    {
        var small = await EligibleAsync(5000, Currency.Eur);
        var large = await EligibleAsync(20000, Currency.Eur);
        var largeInFrancs = await EligibleAsync(20000, Currency.Chf);

        Assert.Multiple(() =>
        {
            Assert.That(small.EligibleSolutions!.Select(s => s.Method), Is.EqualTo(new[] { "primary" }));
            Assert.That(large.EligibleSolutions!.Select(s => s.Method), Is.EqualTo(new[] { "primary", "cb3x" }));
            Assert.That(largeInFrancs.EligibleSolutions!.Select(s => s.Method), Is.EqualTo(new[] { "primary" }));
            Assert.That((large.Amount, large.Currency), Is.EqualTo(((long?)20000, (Currency?)Currency.Eur)));
        });
    }

    [Test]
    public async Task Eligible_solutions_without_required_fields_get_400()
    {
        using var response = await SendAsync(HttpMethod.Post, "/payment/v2/eligible-solutions", "{\"amount\":100}");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(
            problem.Errors!.Select(e => e.Pointer),
            Is.EquivalentTo(new[] { "/entity_id", "/currency", "/order" })
        );
    }

    [Test]
    public async Task A_payment_link_reads_opened_then_paid_after_an_authorized_attempt()
    {
        var link = Emulator.CreatePaymentLink(2500, Currency.Eur, Order(netAmount: 2500));
        Assert.That((await GetLinkAsync(link.Id)).Status, Is.EqualTo(PaymentLinkStatus.Opened));

        var failed = await Emulator.PayPaymentLinkAsync(link.Id, [Split(2500, "declined")], CancellationToken.None);
        Assert.That(
            (await GetLinkAsync(link.Id)).Status,
            Is.EqualTo(PaymentLinkStatus.Opened),
            "a failed attempt reopens the link"
        );

        var paid = await Emulator.PayPaymentLinkAsync(link.Id, null, CancellationToken.None);

        var read = await GetLinkAsync(link.Id);
        Assert.Multiple(() =>
        {
            Assert.That(read.Status, Is.EqualTo(PaymentLinkStatus.Paid));
            Assert.That(
                read.PaymentAttempts!.Select(a => (a.PaymentId, a.Status)),
                Is.EqualTo(new[] { ((Guid?)failed.Id, "REFUSED"), (paid.Id, "AUTHORIZED") })
            );
            Assert.That(paid.PaymentLinkId, Is.EqualTo(link.Id));
            Assert.That(read.ExpiresAt, Is.EqualTo(Start.AddDays(7)));
        });
        Assert.That(
            () => Emulator.PayPaymentLinkAsync(link.Id, null, CancellationToken.None),
            Throws.InvalidOperationException
        );
    }

    [Test]
    public async Task An_unknown_payment_link_gets_404()
    {
        using var response = await SendAsync(HttpMethod.Get, $"/payment/v2/payment-links/{Guid.NewGuid()}");

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static SplitCandidate Split(long amount, string method) =>
        new NewAuthorizationCandidate
        {
            Amount = amount,
            Partner = "uspmock",
            Method = method,
        };
}
