using System.Net;
using Purse.Models;
using Purse.Testing.Tests.Support;

namespace Purse.Testing.Tests;

/// <summary>
/// Capture ≤ available to capture, refund ≤ captured − refunded, void only the uncaptured remainder.
/// </summary>
internal sealed class OperationRuleTests : EmulatorHarness
{
    [Test]
    public async Task Captures_refunds_and_voids_keep_amounts_consistent()
    {
        var payment = await CreatePaymentAsync(
            PaymentRequest(4299, split: [(3000, "uspmock", "primary"), (1299, "adyen", "creditcard")])
        );

        using (var capture = await OperateAsync(payment.Id, "captures", 2000, "CAP#1"))
        {
            Assert.That(capture.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using (var refund = await OperateAsync(payment.Id, "refunds", 500, "REF#1"))
        {
            Assert.That(refund.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using var voided = await OperateAsync(payment.Id, "voids", 2299, "VOID#1");
        Assert.That(voided.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var read = await GetPaymentAsync(payment.Id);
        Assert.Multiple(() =>
        {
            Assert.That(read.Amounts!.TotalAuthorized, Is.EqualTo(4299));
            Assert.That(read.Amounts.TotalCaptured, Is.EqualTo(2000));
            Assert.That(read.Amounts.TotalRefunded, Is.EqualTo(500));
            Assert.That(read.Amounts.TotalVoided, Is.EqualTo(2299));
            Assert.That(read.Amounts.AvailableToCapture, Is.EqualTo(0));
            Assert.That(read.Amounts.AvailableToVoid, Is.EqualTo(0));
            Assert.That(read.Amounts.AvailableToRefund, Is.EqualTo(1500));
            Assert.That(read.Version, Is.EqualTo(4));
            Assert.That(read.Captures!.Single().MerchantReference, Is.EqualTo("CAP#1"));
            Assert.That(read.Refunds!.Single().Amount, Is.EqualTo(500));
            Assert.That(read.Voids!.Single().Status, Is.EqualTo(OperationStatus.Success));
            Assert.That(
                (read.Overview!.CaptureStatus, read.Overview.RefundStatus, read.Overview.VoidStatus),
                Is.EqualTo((Partially, Partially, Partially))
            );
            Assert.That(
                read.Authorization!.PartnerTransactions!.Select(t => t.RemainingAmount),
                Is.EqualTo(new long?[] { 0, 0 })
            );
        });
    }

    [Test]
    public async Task Partial_captures_add_up_to_the_authorized_amount()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));

        (await OperateAsync(payment.Id, "captures", 400)).Dispose();
        using var second = await OperateAsync(payment.Id, "captures", 600);

        var after = await ReadAsync<Payment>(second);
        Assert.That(
            (after.Amounts!.TotalCaptured, after.Amounts.AvailableToCapture, after.Captures!.Count),
            Is.EqualTo(((long?)1000, (long?)0, 2))
        );
    }

    [Test]
    public async Task Over_capture_is_refused_and_changes_nothing()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        (await OperateAsync(payment.Id, "captures", 600)).Dispose();
        var before = await GetPaymentAsync(payment.Id);

        using var response = await OperateAsync(payment.Id, "captures", 401);

        await AssertRefusedAndUnchangedAsync(response, before, "available_to_capture 400");
    }

    [Test]
    public async Task Over_refund_is_refused_and_changes_nothing()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        (await OperateAsync(payment.Id, "captures", 600)).Dispose();
        (await OperateAsync(payment.Id, "refunds", 200)).Dispose();
        var before = await GetPaymentAsync(payment.Id);

        using var response = await OperateAsync(payment.Id, "refunds", 401);

        await AssertRefusedAndUnchangedAsync(response, before, "available_to_refund 400");
    }

    [Test]
    public async Task A_refund_before_any_capture_is_refused()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));

        using var response = await OperateAsync(payment.Id, "refunds", 1);

        await AssertRefusedAndUnchangedAsync(response, payment, "available_to_refund 0");
    }

    [Test]
    public async Task Void_after_full_capture_is_refused_and_changes_nothing()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        (await OperateAsync(payment.Id, "captures", 1000)).Dispose();
        var before = await GetPaymentAsync(payment.Id);

        using var response = await OperateAsync(payment.Id, "voids", 1);

        await AssertRefusedAndUnchangedAsync(response, before, "available_to_void 0");
    }

    [Test]
    public async Task Void_is_limited_to_the_uncaptured_remainder()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));
        (await OperateAsync(payment.Id, "captures", 700)).Dispose();
        var before = await GetPaymentAsync(payment.Id);

        using (var tooMuch = await OperateAsync(payment.Id, "voids", 301))
        {
            await AssertRefusedAndUnchangedAsync(tooMuch, before, "available_to_void 300");
        }
        using var exact = await OperateAsync(payment.Id, "voids", 300);

        var after = await ReadAsync<Payment>(exact);
        Assert.That(
            (after.Amounts!.TotalVoided, after.Amounts.AvailableToCapture, after.Amounts.AvailableToRefund),
            Is.EqualTo(((long?)300, (long?)0, (long?)700))
        );
    }

    [Test]
    public async Task Nothing_can_be_captured_on_a_refused_payment()
    {
        Options.Authorize = _ => AuthorizationStatus.Refused;
        var payment = await CreatePaymentAsync(PaymentRequest(1000));

        using var response = await OperateAsync(payment.Id, "captures", 1);

        await AssertRefusedAndUnchangedAsync(response, payment, "REFUSED");
    }

    [Test]
    public async Task An_operation_amount_of_zero_breaks_the_spec()
    {
        var payment = await CreatePaymentAsync(PaymentRequest(1000));

        using var response = await OperateAsync(payment.Id, "captures", 0);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Single().Pointer, Is.EqualTo("/amount"));
    }

    private async Task AssertRefusedAndUnchangedAsync(
        HttpResponseMessage response,
        Payment before,
        string expectedDetail
    )
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors!.Single().Pointer, Is.EqualTo("/amount"));
        Assert.That(problem.Errors!.Single().Detail, Does.Contain(expectedDetail));
        var after = await GetPaymentAsync(before.Id);
        Assert.Multiple(() =>
        {
            Assert.That(AmountsOf(after), Is.EqualTo(AmountsOf(before)));
            Assert.That(after.Version, Is.EqualTo(before.Version));
            Assert.That(
                after.Captures!.Count + after.Refunds!.Count + after.Voids!.Count,
                Is.EqualTo(before.Captures!.Count + before.Refunds!.Count + before.Voids!.Count)
            );
        });
    }

    // The overview's states as the nullable values the generated properties hold, so that tuples compare equal.
    private static readonly OverviewStatus? Not = OverviewStatus.Not;
    private static readonly OverviewStatus? Partially = OverviewStatus.Partially;
    private static readonly OverviewStatus? Totally = OverviewStatus.Totally;
}
