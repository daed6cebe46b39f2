using System.Net;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>
/// Each rule of an operation orchestrated across the partners of a split (page "Payment
/// operations"): processing order, priority list, the operation status from the partners'
/// parts, and the amounts and overview re-derived at each step.
/// </summary>
internal sealed class OperationLifecycleTests : EmulatorHarness
{
    private static readonly (long, string, string)[] CardThenGiftCard =
    [
        (3000, "adyen", "creditcard"),
        (1299, "illicado", "giftcard"),
    ];

    [Test]
    public async Task A_capture_takes_gift_cards_first_by_default()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(4299, split: CardThenGiftCard));

        var captured = await OperateOkAsync(payment.Id, "captures", 2000);

        Assert.That(
            Parts(captured.Captures!.Single()),
            Is.EqualTo(new[] { ("illicado", 1299L, "SUCCESS"), ("adyen", 701L, "SUCCESS") })
        );
        Assert.That(
            captured.Authorization!.PartnerTransactions!.Select(t => t.RemainingAmount),
            Is.EqualTo(new long?[] { 2299, 0 })
        );
    }

    [Test]
    public async Task A_refund_takes_credit_cards_first_by_default()
    {
        var payment = await CreatePaymentAsync(
            PaymentRequest(4299, split: [(1299, "illicado", "giftcard"), (3000, "adyen", "creditcard")])
        );
        await OperateOkAsync(payment.Id, "captures", 4299);

        var refunded = await OperateOkAsync(payment.Id, "refunds", 3500);

        Assert.That(
            Parts(refunded.Refunds!.Single()),
            Is.EqualTo(new[] { ("adyen", 3000L, "SUCCESS"), ("illicado", 500L, "SUCCESS") })
        );
    }

    [Test]
    public async Task A_void_takes_the_split_order()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(4299, split: CardThenGiftCard));

        var voided = await OperateOkAsync(payment.Id, "voids", 3500);

        Assert.That(
            Parts(voided.Voids!.Single()),
            Is.EqualTo(new[] { ("adyen", 3000L, "SUCCESS"), ("illicado", 500L, "SUCCESS") })
        );
    }

    [Test]
    public async Task The_priority_list_of_the_docs_puts_credit_cards_first_and_illicado_last()
    {
        var payment = await CreatePaymentAsync(
            PaymentRequest(
                6000,
                split: [(1000, "illicado", "giftcard"), (2000, "paypal", "paypal"), (3000, "adyen", "creditcard")]
            )
        );
        var request = new PaymentOperationRequest
        {
            Amount = 6000,
            Priorities =
            [
                new() { Partner = "*", Method = "creditcard" },
                new() { Partner = "*", Method = "*" },
                new() { Partner = "illicado", Method = "*" },
            ],
        };

        using var response = await SendAsync(HttpMethod.Post, $"/payment/v2/payments/{payment.Id}/captures", request);

        var captured = await ReadAsync<Payment>(response);
        Assert.That(
            Parts(captured.Captures!.Single()).Select(p => p.Partner),
            Is.EqualTo(new[] { "adyen", "paypal", "illicado" })
        );
    }

    [Test]
    public async Task A_pending_capture_holds_its_amount_and_succeeds_when_completed()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        Emulator.Partner("uspmock").Next(PaymentOperationKind.Capture, PartnerOutcome.Pending);

        var pending = await OperateOkAsync(payment.Id, "captures", 600);
        Assert.Multiple(() =>
        {
            Assert.That(pending.Captures!.Single().Status, Is.EqualTo(OperationStatus.Pending));
            Assert.That(
                (pending.Amounts!.TotalCaptured, pending.Amounts.AvailableToCapture, pending.Amounts.AvailableToVoid),
                Is.EqualTo(((long?)0, (long?)400, (long?)400))
            );
            Assert.That(pending.Overview!.CaptureStatus, Is.EqualTo(Not));
        });

        var completed = await Emulator.CompletePendingOperationsAsync(PartnerOutcome.Success, CancellationToken.None);

        var read = await GetPaymentAsync(payment.Id);
        Assert.That(completed.Single().Id, Is.EqualTo(payment.Id));
        Assert.That(
            (
                read.Captures!.Single().Status,
                read.Amounts!.TotalCaptured,
                read.Amounts.AvailableToCapture,
                read.Overview!.CaptureStatus
            ),
            Is.EqualTo((OperationStatus.Success, (long?)600, (long?)400, Partially))
        );
        Assert.That(read.Version, Is.EqualTo(pending.Version + 1));
    }

    [Test]
    public async Task A_pending_capture_that_fails_makes_its_amount_available_again()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        Emulator.Partner("uspmock").Next(PaymentOperationKind.Capture, PartnerOutcome.Pending);
        await OperateOkAsync(payment.Id, "captures", 600);

        await Emulator.CompletePendingOperationsAsync(PartnerOutcome.Failure, CancellationToken.None);

        var read = await GetPaymentAsync(payment.Id);
        Assert.That(
            (read.Captures!.Single().Status, read.Amounts!.TotalCaptured, read.Amounts.AvailableToCapture),
            Is.EqualTo((OperationStatus.Failure, (long?)0, (long?)1000))
        );
    }

    [Test]
    public async Task A_capture_every_partner_fails_is_FAILURE_and_captures_nothing()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(4299, split: CardThenGiftCard));
        Emulator.Partner("illicado").FailNextCapture();

        var failed = await OperateOkAsync(payment.Id, "captures", 1000);

        Assert.That(
            (failed.Captures!.Single().Status, failed.Amounts!.TotalCaptured, failed.Amounts.AvailableToCapture),
            Is.EqualTo((OperationStatus.Failure, (long?)0, (long?)4299))
        );
    }

    [Test]
    public async Task A_capture_some_partners_fail_is_CONFLICT_and_captures_the_others()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(4299, split: CardThenGiftCard));
        Emulator.Partner("illicado").FailNextCapture();

        var conflict = await OperateOkAsync(payment.Id, "captures", 4299);

        Assert.Multiple(() =>
        {
            Assert.That(conflict.Captures!.Single().Status, Is.EqualTo(OperationStatus.Conflict));
            Assert.That(
                Parts(conflict.Captures!.Single()),
                Is.EqualTo(new[] { ("illicado", 1299L, "FAILURE"), ("adyen", 3000L, "SUCCESS") })
            );
            var amounts = conflict.Amounts!;
            Assert.That(
                (amounts.TotalCaptured, amounts.AvailableToCapture, conflict.Overview!.CaptureStatus),
                Is.EqualTo(((long?)3000, (long?)1299, Partially))
            );
        });
    }

    [Test]
    public async Task An_uncertain_partner_makes_the_operation_UNCERTAIN_and_holds_its_amount()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(4299, split: CardThenGiftCard));
        Emulator.Partner("adyen").Next(PaymentOperationKind.Capture, PartnerOutcome.Uncertain);

        var uncertain = await OperateOkAsync(payment.Id, "captures", 4299);

        Assert.That(
            (
                uncertain.Captures!.Single().Status,
                uncertain.Amounts!.TotalCaptured,
                uncertain.Amounts.AvailableToCapture
            ),
            Is.EqualTo((OperationStatus.Uncertain, (long?)1299, (long?)0))
        );
        await Emulator.CompletePendingOperationsAsync(PartnerOutcome.Success, CancellationToken.None);
        var read = await GetPaymentAsync(payment.Id);
        Assert.That(
            (read.Captures!.Single().Status, read.Amounts!.TotalCaptured, read.Overview!.CaptureStatus),
            Is.EqualTo((OperationStatus.Success, (long?)4299, Totally))
        );
    }

    [Test]
    public async Task A_pending_refund_holds_what_can_be_refunded()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        await OperateOkAsync(payment.Id, "captures", 1000);
        Emulator.Partner("uspmock").Next(PaymentOperationKind.Refund, PartnerOutcome.Pending);

        var pending = await OperateOkAsync(payment.Id, "refunds", 700);
        using var over = await OperateAsync(payment.Id, "refunds", 301);

        await ProblemAsync(over, HttpStatusCode.BadRequest);
        Assert.That(
            (
                pending.Refunds!.Single().Status,
                pending.Amounts!.TotalRefunded,
                pending.Amounts.AvailableToRefund,
                pending.Overview!.RefundStatus
            ),
            Is.EqualTo((OperationStatus.Pending, (long?)0, (long?)300, Not))
        );
    }

    [Test]
    public async Task The_overview_reads_NOT_PARTIALLY_then_TOTALLY()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        Assert.That(
            (payment.Overview!.CaptureStatus, payment.Overview.RefundStatus, payment.Overview.VoidStatus),
            Is.EqualTo((Not, Not, Not))
        );

        var partly = await OperateOkAsync(payment.Id, "captures", 400);
        var wholly = await OperateOkAsync(payment.Id, "captures", 600);
        var refunded = await OperateOkAsync(payment.Id, "refunds", 1000);

        Assert.That(
            (partly.Overview!.CaptureStatus, wholly.Overview!.CaptureStatus, refunded.Overview!.RefundStatus),
            Is.EqualTo((Partially, Totally, Totally))
        );
    }

    [Test]
    public async Task A_pending_authorization_shows_in_authorize_pending()
    {
        Options.Authorize = s => s.Partner == "adyen" ? AuthorizationStatus.Pending : AuthorizationStatus.Authorized;

        var payment = await CreatePaymentAsync(PaymentRequest(4299, split: CardThenGiftCard));

        Assert.That(
            (payment.Amounts!.AuthorizePending, payment.Amounts.TotalAuthorized),
            Is.EqualTo(((long?)3000, (long?)0))
        );
    }

    [Test]
    public async Task Always_applies_until_reset_and_the_star_partner_applies_to_every_partner()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(4299, split: CardThenGiftCard));
        var adyen = Emulator.Partner("adyen").Always(PaymentOperationKind.Capture, PartnerOutcome.Failure);
        Emulator.Partner("*").Next(PaymentOperationKind.Capture, PartnerOutcome.Pending);

        var first = await OperateOkAsync(payment.Id, "captures", 2000);
        await Emulator.CompletePendingOperationsAsync(PartnerOutcome.Success, CancellationToken.None);
        var second = await OperateOkAsync(payment.Id, "captures", 700);
        adyen.Reset();
        var third = await OperateOkAsync(payment.Id, "captures", 700);

        Assert.That(
            Parts(first.Captures!.Single()),
            Is.EqualTo(new[] { ("illicado", 1299L, "PENDING"), ("adyen", 701L, "FAILURE") })
        );
        Assert.That(
            (second.Captures!.Last().Status, third.Captures!.Last().Status),
            Is.EqualTo((OperationStatus.Failure, OperationStatus.Success))
        );
    }

    [Test]
    public async Task Each_step_of_a_pending_capture_sends_a_webhook_with_the_next_version()
    {
        var received = new List<Payment>();
        Options.WebhookDelegate = (p, _) =>
        {
            received.Add(p);
            return Task.CompletedTask;
        };
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        Emulator.Partner("uspmock").Next(PaymentOperationKind.Capture, PartnerOutcome.Pending);

        await OperateOkAsync(payment.Id, "captures", 1000);
        await Emulator.CompletePendingOperationsAsync(PartnerOutcome.Success, CancellationToken.None);

        Assert.That(
            received.Select(p => (p.Version, p.Captures!.LastOrDefault()?.Status?.Value)),
            Is.EqualTo(new[] { ((long?)1, (string?)null), (2, "PENDING"), (3, "SUCCESS") })
        );
    }

    [Test]
    public async Task FailNextRefund_and_FailNextVoid_fail_once_and_leave_the_amounts_available()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        await OperateOkAsync(payment.Id, "captures", 600);
        Emulator.Partner("USPMOCK").FailNextRefund().FailNextVoid();

        var refund = await OperateOkAsync(payment.Id, "refunds", 600);
        var voided = await OperateOkAsync(payment.Id, "voids", 400);
        var again = await OperateOkAsync(payment.Id, "voids", 400);

        Assert.That(
            (refund.Refunds!.Single().Status, refund.Amounts!.AvailableToRefund),
            Is.EqualTo((OperationStatus.Failure, (long?)600)),
            "partner names match case-insensitively"
        );
        Assert.That(
            (voided.Voids!.Single().Status, voided.Amounts!.AvailableToVoid),
            Is.EqualTo((OperationStatus.Failure, (long?)400))
        );
        Assert.That(
            (again.Voids!.Last().Status, again.Amounts!.TotalVoided, again.Overview!.VoidStatus),
            Is.EqualTo((OperationStatus.Success, (long?)400, Partially))
        );
    }

    [Test]
    public async Task A_partners_own_instruction_comes_before_the_one_for_every_partner()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(4299, split: CardThenGiftCard));
        Emulator.Partner("*").Next(PaymentOperationKind.Capture, PartnerOutcome.Failure);
        Emulator.Partner("adyen").Next(PaymentOperationKind.Capture, PartnerOutcome.Success);

        var captured = await OperateOkAsync(payment.Id, "captures", 4299);

        Assert.That(
            Parts(captured.Captures!.Single()),
            Is.EqualTo(new[] { ("illicado", 1299L, "FAILURE"), ("adyen", 3000L, "SUCCESS") })
        );
    }

    [Test]
    public async Task Completing_needs_a_final_answer_and_with_nothing_open_changes_nothing()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        await OperateOkAsync(payment.Id, "captures", 100);

        Assert.That(
            async () => await Emulator.CompletePendingOperationsAsync(PartnerOutcome.Pending, CancellationToken.None),
            Throws.InstanceOf<ArgumentOutOfRangeException>()
        );
        var completed = await Emulator.CompletePendingOperationsAsync(PartnerOutcome.Success, CancellationToken.None);

        Assert.That((completed.Count, (await GetPaymentAsync(payment.Id)).Version), Is.EqualTo((0, (long?)2)));
    }

    [Test]
    public async Task The_automatic_capture_goes_through_the_partner_scenarios()
    {
        Emulator.Partner("uspmock").Next(PaymentOperationKind.Capture, PartnerOutcome.Pending);

        var payment = await CreatePaymentAsync(PaymentRequest(1000, CaptureMode.Automatic));

        Assert.That(
            (payment.Captures!.Single().Status, payment.Amounts!.TotalCaptured, payment.Amounts.AvailableToCapture),
            Is.EqualTo((OperationStatus.Pending, (long?)0, (long?)0))
        );
    }

    private async Task<Payment> OperateOkAsync(Guid paymentId, string operation, long amount)
    {
        using var response = await OperateAsync(paymentId, operation, amount);
        Assert.That(
            response.StatusCode,
            Is.EqualTo(HttpStatusCode.Created),
            await response.Content.ReadAsStringAsync()
        );
        return await ReadAsync<Payment>(response);
    }

    private static (string Partner, long Amount, string Status)[] Parts(PaymentOperation operation) =>
        operation.PartnerOperations!.Select(o => (o.Partner!, o.Amount!.Value, o.Status!.Value.Value)).ToArray();

    // The overview's states as the nullable values the generated properties hold, so that tuples compare equal.
    private static readonly OverviewStatus? Not = OverviewStatus.Not;
    private static readonly OverviewStatus? Partially = OverviewStatus.Partially;
    private static readonly OverviewStatus? Totally = OverviewStatus.Totally;
}
