using System.Net;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

internal sealed class PaymentTests : EmulatorHarness
{
    protected override void Configure(EmulatorOptions options) =>
        options.Authorize = scenario =>
            scenario.Partner == "refusing" ? AuthorizationStatus.Refused
            : scenario.Method == "3ds" ? AuthorizationStatus.Pending
            : AuthorizationStatus.Authorized;

    [Test]
    public async Task Create_with_a_split_makes_one_partner_transaction_per_item()
    {
        var payment = await CreatePaymentAsync(
            PaymentRequest(4299, split: [(3000, "uspmock", "primary"), (1299, "adyen", "creditcard")])
        );

        var transactions = payment.Authorization!.PartnerTransactions!.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(payment.Authorization.Status, Is.EqualTo(AuthorizationStatus.Authorized));
            Assert.That(
                transactions.Select(t => (t.Partner, t.Method, t.Amount, t.RemainingAmount)),
                Is.EqualTo(
                    new[] { ("uspmock", "primary", (long?)3000, (long?)3000), ("adyen", "creditcard", 1299, 1299) }
                )
            );
            Assert.That(transactions.Select(t => t.Status), Is.All.EqualTo(AuthorizationStatus.Authorized));
            Assert.That(payment.Version, Is.EqualTo(1));
            Assert.That(payment.CaptureMode, Is.EqualTo(CaptureMode.Manual));
            Assert.That(payment.CreatedAt, Is.EqualTo(Start));
            Assert.That(payment.OrderReference, Is.EqualTo("order_01"));
            Assert.That(payment.Split, Has.Count.EqualTo(2));
            Assert.That(payment.Amounts!.TotalAuthorized, Is.EqualTo(4299));
            Assert.That(payment.Amounts.AvailableToCapture, Is.EqualTo(4299));
            Assert.That(payment.Amounts.AvailableToVoid, Is.EqualTo(4299));
            Assert.That(payment.Amounts.AvailableToRefund, Is.EqualTo(0));
        });
        Assert.That(
            (await GetPaymentAsync(payment.Id)).Authorization!.PartnerTransactions!.Select(t => t.Id),
            Is.EqualTo(transactions.Select(t => t.Id))
        );
    }

    [Test]
    public async Task Split_amounts_that_do_not_add_up_to_the_payment_are_refused()
    {
        using var response = await SendAsync(
            HttpMethod.Post,
            "/payment/v2/payments",
            PaymentRequest(4299, split: [(3000, "uspmock", "primary"), (1000, "adyen", "creditcard")])
        );

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Single().Pointer, Is.EqualTo("/split"));
        Assert.That(problem.Errors!.Single().Detail, Does.Contain("4000").And.Contain("4299"));
        Assert.That(Emulator.WebhookDeliveries, Is.Empty);
    }

    [Test]
    public async Task A_split_item_matching_no_candidate_is_refused_with_its_pointer()
    {
        var request = PaymentRequest();
        request.Split =
        [
            new UnknownSplitCandidate(
                new JObject
                {
                    ["amount"] = 4299,
                    ["partner"] = "uspmock",
                    ["foreign_partner_transaction_id"] = "A",
                }
            ),
        ];

        using var response = await SendAsync(HttpMethod.Post, "/payment/v2/payments", request);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        // A foreign id without method matches no candidate: not the foreign one (method missing), and not
        // NewAuthorizationCandidate, whose `not` clause excludes items carrying a foreign id.
        Assert.That(
            problem.Errors!.Select(e => (e.Pointer, e.Detail)),
            Is.EqualTo(new[] { ("/split/0", "matches a schema it must not match") })
        );
    }

    [Test]
    public async Task The_scenario_decides_the_authorization_status()
    {
        var refused = await CreatePaymentAsync(PaymentRequest(1000, split: [(1000, "refusing", "primary")]));

        Assert.Multiple(() =>
        {
            Assert.That(refused.Authorization!.Status, Is.EqualTo(AuthorizationStatus.Refused));
            Assert.That(refused.Overview!.AuthorizationStatus, Is.EqualTo(AuthorizationStatus.Refused));
            Assert.That(refused.Amounts!.TotalAuthorized, Is.EqualTo(0));
            Assert.That(refused.Amounts.AvailableToCapture, Is.EqualTo(0));
        });
    }

    [Test]
    public async Task A_pending_authorization_completes_later_and_sends_a_webhook()
    {
        var pending = await CreatePaymentAsync(PaymentRequest(1000, split: [(1000, "uspmock", "3ds")]));
        Assert.That(pending.Amounts!.TotalAuthorized, Is.EqualTo(0));

        var completed = await Emulator.CompleteAuthorizationAsync(
            pending.Id,
            AuthorizationStatus.Authorized,
            CancellationToken.None
        );

        var read = await GetPaymentAsync(pending.Id);
        Assert.Multiple(() =>
        {
            Assert.That(read.Authorization!.Status, Is.EqualTo(AuthorizationStatus.Authorized));
            Assert.That(read.Amounts!.AvailableToCapture, Is.EqualTo(1000));
            Assert.That(read.Version, Is.EqualTo(completed.Version).And.EqualTo(2));
        });
    }

    [Test]
    public async Task Automatic_capture_mode_captures_on_authorization()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(4299, CaptureMode.Automatic));

        Assert.Multiple(() =>
        {
            Assert.That(payment.Captures!.Single().Amount, Is.EqualTo(4299));
            Assert.That(payment.Captures!.Single().Status, Is.EqualTo(OperationStatus.Success));
            Assert.That(payment.Amounts!.TotalCaptured, Is.EqualTo(4299));
            Assert.That(payment.Amounts.AvailableToCapture, Is.EqualTo(0));
            Assert.That(payment.Amounts.AvailableToRefund, Is.EqualTo(4299));
            Assert.That(payment.Version, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Without_a_split_the_first_eligible_solution_pays_the_whole_amount()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(500));

        var transaction = payment.Authorization!.PartnerTransactions!.Single();
        Assert.That(
            (transaction.Partner, transaction.Method, transaction.Amount),
            Is.EqualTo(("uspmock", "primary", (long?)500))
        );
    }

    [Test]
    public async Task A_body_breaking_the_spec_gets_400_problem_details_with_pointers()
    {
        using var response = await SendAsync(
            HttpMethod.Post,
            "/payment/v2/payments",
            $$$"""
            {"currency":"EUR","entity_id":"{{{Emulator.EntityId}}}",
             "order":{"shipments":[{"estimated_delivery_date_time":"tomorrow"}]}}
            """
        );

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Multiple(() =>
        {
            Assert.That(problem.Title, Is.EqualTo("Bad Request"));
            Assert.That(problem.Instance, Is.EqualTo("/payment/v2/payments"));
            Assert.That(
                problem.Errors!.Select(e => (e.Pointer, e.Detail)),
                Is.EquivalentTo(
                    new[]
                    {
                        ("/amount", "must have required property 'amount'"),
                        ("/order/shipments/0/estimated_delivery_date_time", "must match format \"date-time\""),
                    }
                )
            );
        });
    }

    [Test]
    public async Task Malformed_json_and_a_malformed_uuid_are_refused()
    {
        using var broken = await SendAsync(HttpMethod.Post, "/payment/v2/payments", "{\"amount\":");
        using var badUuid = await SendAsync(
            HttpMethod.Post,
            "/payment/v2/payments",
            "{\"amount\":1,\"currency\":\"EUR\",\"entity_id\":\"42\",\"order\":{}}"
        );

        await ProblemAsync(broken, HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(badUuid, HttpStatusCode.BadRequest);
        Assert.That(
            problem.Errors!.Select(e => (e.Pointer, e.Detail)),
            Is.EqualTo(new[] { ("/entity_id", "must match format \"uuid\"") })
        );
    }

    [Test]
    public async Task Another_entity_gets_403()
    {
        var request = PaymentRequest();
        request.EntityId = Guid.NewGuid();

        using var response = await SendAsync(HttpMethod.Post, "/payment/v2/payments", request);

        await ProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task An_unknown_payment_gets_404()
    {
        using var get = await SendAsync(HttpMethod.Get, $"/payment/v2/payments/{Guid.NewGuid()}");
        using var capture = await OperateAsync(Guid.NewGuid(), "captures", 10);

        await ProblemAsync(get, HttpStatusCode.NotFound);
        await ProblemAsync(capture, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_duplicate_authorization_reuses_a_partner_transaction_of_a_future_usage_payment()
    {
        var first = PaymentRequest(0);
        first.AllowFutureUsage = true;
        first.Split =
        [
            new NewAuthorizationCandidate
            {
                Amount = 1,
                Partner = "adyen",
                Method = "creditcard",
            },
        ];
        first.Amount = 1;
        var original = await CreatePaymentAsync(first);
        var transactionId = original.Authorization!.PartnerTransactions!.Single().Id;

        var again = PaymentRequest(2500);
        again.Split =
        [
            new DuplicateAuthorizationCandidate { Amount = 2500, PartnerTransactionId = transactionId!.Value },
        ];
        var merchantInitiated = await CreatePaymentAsync(again);

        var unknown = PaymentRequest(2500);
        unknown.Split = [new DuplicateAuthorizationCandidate { Amount = 2500, PartnerTransactionId = Guid.NewGuid() }];
        using var refused = await SendAsync(HttpMethod.Post, "/payment/v2/payments", unknown);

        Assert.That(merchantInitiated.Authorization!.PartnerTransactions!.Single().Partner, Is.EqualTo("adyen"));
        var problem = await ProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Single().Pointer, Is.EqualTo("/split/0/partner_transaction_id"));
    }

    [Test]
    public async Task A_path_outside_the_spec_gets_404()
    {
        using var response = await SendAsync(HttpMethod.Get, "/payment/v2/refunds");

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }
}
