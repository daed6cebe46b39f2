using Purse.Models;
using Purse.Testing.Rules;
using Purse.Testing.State;
using Purse.Testing.Validation;

namespace Purse.Testing;

/// <summary>Payments: create and authorize, read, operate (capture, refund, void), complete what is pending.</summary>
internal sealed partial class EmulatorCore
{
    /// <summary>
    /// Creates and authorizes a payment (each split item is one partner transaction whose
    /// status <see cref="EmulatorOptions.Authorize"/> decides), captures it at once in
    /// AUTOMATIC mode, and sends a webhook for each amounts change.
    /// </summary>
    public Task<Payment> CreatePaymentAsync(
        CreatePaymentRequest request,
        Action<Payment>? link,
        CancellationToken cancellationToken
    ) => CreatePaymentAsync(request, link, Options.Authorize, cancellationToken);

    /// <summary>As above, each split item's authorization outcome decided by <paramref name="authorize"/>.</summary>
    public async Task<Payment> CreatePaymentAsync(
        CreatePaymentRequest request,
        Action<Payment>? link,
        Func<AuthorizationScenario, AuthorizationStatus> authorize,
        CancellationToken cancellationToken
    )
    {
        RequireEntity(request.EntityId);
        RequireAmount(request.Amount, request.AllowFutureUsage);
        var items = SplitItems(request);

        var payment = Snapshot.AsResource<Payment>(request, Guid.NewGuid());
        payment.AdditionalProperties.Clear(); // shopper_redirection_url and unknown request fields are not echoed
        payment.CreatedAt = Now;
        payment.Version = 0;
        payment.CaptureMode ??= CaptureMode.Manual;
        payment.OrderReference = request.Order.Reference;
        payment.Captures = [];
        payment.Refunds = [];
        payment.Voids = [];
        payment.Links = new Links
        {
            ["self"] = new Link { Href = $"/payment/v2/payments/{payment.Id}", Method = "GET" },
        };
        link?.Invoke(payment);

        var transactions = items
            .Select(item => new PartnerTransaction
            {
                Id = Guid.NewGuid(),
                Partner = item.Partner,
                Method = item.Method,
                Amount = item.Amount,
                PartnerReference = "EMU-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
                Status = authorize(
                    new AuthorizationScenario(item.Partner, item.Method, item.Amount, request.Currency, request)
                ),
            })
            .ToList();
        foreach (var transaction in transactions)
        {
            transaction.PartnerStatus = transaction.Status?.Value;
        }
        payment.Authorization = new PaymentAuthorization
        {
            Status = PaymentLedger.OverallStatus(transactions.Select(t => t.Status!.Value)),
            PartnerTransactions = transactions,
        };
        PaymentLedger.Recalculate(payment, bumpVersion: true);

        var record = new Record<Payment>(payment);
        State.Payments[payment.Id] = record;
        foreach (var transaction in transactions)
        {
            State.PartnerTransactions[transaction.Id!.Value] = payment.Id;
        }
        var created = record.Read();
        await Webhooks.NotifyPaymentAsync(created, cancellationToken).ConfigureAwait(false);
        return await CaptureAutomaticallyAsync(record, created, cancellationToken).ConfigureAwait(false);
    }

    public Payment GetPayment(Guid id) => PaymentRecord(id).Read();

    /// <summary>
    /// A capture, refund or void: each partner's part answered by its <see cref="PartnerScenario"/>. Returns the
    /// payment and the new operation's id.
    /// </summary>
    public async Task<(Payment Payment, Guid OperationId)> OperateAsync(
        Guid id,
        PaymentOperationKind kind,
        PaymentOperationRequest request,
        CancellationToken cancellationToken
    )
    {
        var now = Now;
        var operationId = Guid.Empty;
        var payment = PaymentRecord(id)
            .Update(p => operationId = PaymentOperations.Open(p, kind, request, now, Partners.Decide));
        await Webhooks.NotifyPaymentAsync(payment, cancellationToken).ConfigureAwait(false);
        return (payment, operationId);
    }

    /// <summary>
    /// Gives every PENDING or UNCERTAIN partner part of every payment its final answer (one webhook
    /// per payment that changed); returns those payments.
    /// </summary>
    public async Task<IReadOnlyList<Payment>> CompletePendingOperationsAsync(
        PartnerOutcome outcome,
        CancellationToken cancellationToken
    )
    {
        if (outcome is not (PartnerOutcome.Success or PartnerOutcome.Failure))
        {
            throw new ArgumentOutOfRangeException(
                nameof(outcome),
                outcome,
                "Complete with a final answer: Success or Failure."
            );
        }
        var completed = new List<Payment>();
        foreach (var record in State.Payments.Values)
        {
            var changed = false;
            var payment = record.Update(p => changed = PaymentOperations.Complete(p, outcome));
            if (changed)
            {
                await Webhooks.NotifyPaymentAsync(payment, cancellationToken).ConfigureAwait(false);
                completed.Add(payment);
            }
        }
        return completed;
    }

    /// <summary>Settles a PENDING authorization (e.g. after 3DS) to <paramref name="status"/>.</summary>
    public async Task<Payment> CompleteAuthorizationAsync(
        Guid id,
        AuthorizationStatus status,
        CancellationToken cancellationToken
    )
    {
        var record = PaymentRecord(id);
        var payment = record.Update(p =>
        {
            var authorization = p.Authorization!;
            if (authorization.Status != AuthorizationStatus.Pending)
            {
                throw new InvalidOperationException(
                    $"The payment {id} is {authorization.Status?.Value}: only a PENDING authorization can be completed."
                );
            }
            foreach (var transaction in authorization.PartnerTransactions ?? [])
            {
                if (transaction.Status == AuthorizationStatus.Pending)
                {
                    transaction.Status = status;
                    transaction.PartnerStatus = status.Value;
                }
            }
            authorization.Status = PaymentLedger.OverallStatus(
                (authorization.PartnerTransactions ?? []).Select(t => t.Status!.Value)
            );
            PaymentLedger.Recalculate(p, bumpVersion: true);
        });
        await Webhooks.NotifyPaymentAsync(payment, cancellationToken).ConfigureAwait(false);
        return await CaptureAutomaticallyAsync(record, payment, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Payment> CaptureAutomaticallyAsync(
        Record<Payment> record,
        Payment payment,
        CancellationToken cancellationToken
    )
    {
        if (payment.CaptureMode != CaptureMode.Automatic || payment.Amounts?.AvailableToCapture is not > 0)
        {
            return payment;
        }
        var now = Now;
        var whole = (Payment p) => new PaymentOperationRequest { Amount = p.Amounts!.AvailableToCapture!.Value };
        var captured = record.Update(p =>
            PaymentOperations.Open(p, PaymentOperationKind.Capture, whole(p), now, Partners.Decide)
        );
        await Webhooks.NotifyPaymentAsync(captured, cancellationToken).ConfigureAwait(false);
        return captured;
    }

    private Record<Payment> PaymentRecord(Guid id) =>
        State.Payments.TryGetValue(id, out var record)
            ? record
            : throw EmulatorProblem.NotFound($"No payment with id {id}.");
}
