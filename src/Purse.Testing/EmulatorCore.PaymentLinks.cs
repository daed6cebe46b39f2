using Purse.Models;
using Purse.Testing.State;
using Purse.Testing.Validation;
using Purse.Testing.Webhooks;

namespace Purse.Testing;

/// <summary>Payment links: create, read, and the shopper's attempts (a failed one reopens the link, the first
/// authorized one makes it PAID).</summary>
internal sealed partial class EmulatorCore
{
    /// <summary>
    /// POST /payment/v2/payment-links (https://docs.purse.tech/docs/integrate/purse-checkout/pay-by-link):
    /// entity_id, amount, currency, shopper_redirection_url and order are required.
    /// </summary>
    public PaymentLink CreatePaymentLink(CreatePaymentLinkRequest request)
    {
        RequireEntity(request.EntityId);
        if (request.Amount < 1)
        {
            throw EmulatorProblem.InvalidField("/amount", "A payment link's amount must be at least one minor unit.");
        }
        if (request.ShopperRedirectionUrl is null)
        {
            throw EmulatorProblem.InvalidField("/shopper_redirection_url", "shopper_redirection_url is required.");
        }
        if (request.Order is null)
        {
            throw EmulatorProblem.InvalidField("/order", "order is required.");
        }
        var lifetime = request.ExpiresAt is { } expires ? expires - Now : (TimeSpan?)null;
        if (lifetime <= TimeSpan.Zero)
        {
            throw EmulatorProblem.InvalidField("/expires_at", "expires_at is in the past.");
        }
        var link = CreatePaymentLink(
            request.Amount,
            request.Currency,
            request.Order,
            request.CaptureMode,
            lifetime,
            request.Webhook?.Url
        );
        // The PaymentLink resource has no field to keep it in; the hosted page sends the shopper back there.
        State.PaymentLinkRedirections[link.Id] = request.ShopperRedirectionUrl;
        return LinkRecord(link.Id)
            .Update(l =>
            {
                l.Customer = request.Customer;
                l.AllowFutureUsage = request.AllowFutureUsage ?? false;
            });
    }

    public PaymentLink CreatePaymentLink(
        long amount,
        Currency currency,
        Order? order,
        CaptureMode? captureMode,
        TimeSpan? lifetime,
        Uri? webhookUrl
    )
    {
        var id = Guid.NewGuid();
        var link = new PaymentLink
        {
            Links = new Links
            {
                [LinkRelations.HostedPage] = Link.FromUrl(HostedPages.PaymentLinkUrl(Options.EntityId, id)),
            },
            Id = id,
            Version = 1,
            EntityId = Options.EntityId,
            Status = PaymentLinkStatus.Opened,
            Amount = amount,
            Currency = currency,
            CaptureMode = captureMode ?? CaptureMode.Manual,
            ExpiresAt = Now + (lifetime ?? TimeSpan.FromDays(7)),
            Order = order ?? new Order(),
            PaymentAttempts = [],
        };
        State.PaymentLinks[link.Id] = new Record<PaymentLink>(link);
        if (webhookUrl is not null)
        {
            // The PaymentLink resource has no webhook field to keep it in.
            State.PaymentLinkWebhooks[link.Id] = webhookUrl;
        }
        return Snapshot.Copy(link);
    }

    public PaymentLink GetPaymentLink(Guid id) => LinkRecord(id).Read();

    /// <summary>
    /// The shopper pays through the link: a failed attempt leaves it OPENED (reopened), the first
    /// authorized one makes it PAID, an expired or PAID link refuses. Each attempt is sent on the
    /// attempt stream (its Payment) and the link status stream (the PaymentLink).
    /// </summary>
    public async Task<Payment> PayPaymentLinkAsync(
        Guid id,
        IReadOnlyList<SplitCandidate>? split,
        Func<AuthorizationScenario, AuthorizationStatus> authorize,
        CancellationToken cancellationToken
    )
    {
        // One attempt at a time per link, so that a second shopper sees the link PAID by the first.
        var gate = State.PaymentLinkAttempts.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await AttemptPaymentLinkAsync(id, split, authorize, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Payment> AttemptPaymentLinkAsync(
        Guid id,
        IReadOnlyList<SplitCandidate>? split,
        Func<AuthorizationScenario, AuthorizationStatus> authorize,
        CancellationToken cancellationToken
    )
    {
        var link = GetPaymentLink(id);
        if (link.Status != PaymentLinkStatus.Opened || link.ExpiresAt <= Now)
        {
            throw new InvalidOperationException(
                $"The payment link {id} is {link.Status?.Value} and expires at {link.ExpiresAt:O}: it cannot be paid."
            );
        }
        var request = new CreatePaymentRequest
        {
            Amount = link.Amount ?? 0,
            Currency = link.Currency ?? Currency.Eur,
            EntityId = Options.EntityId,
            CaptureMode = link.CaptureMode,
            Order = link.Order ?? new Order(),
            Customer = link.Customer,
            AllowFutureUsage = link.AllowFutureUsage,
            Split = split?.ToList(),
            Webhook = State.PaymentLinkWebhooks.TryGetValue(id, out var url) ? new Webhook { Url = url } : null,
        };
        var payment = await CreatePaymentAsync(request, p => p.PaymentLinkId = id, authorize, cancellationToken)
            .ConfigureAwait(false);
        var updated = LinkRecord(id)
            .Update(l =>
            {
                l.PaymentAttempts =
                [
                    .. l.PaymentAttempts ?? [],
                    new PaymentAttempt
                    {
                        PaymentId = payment.Id,
                        Status = payment.Authorization?.Status?.Value,
                        CreatedAt = payment.CreatedAt,
                    },
                ];
                if (payment.Authorization?.Status == AuthorizationStatus.Authorized)
                {
                    l.Status = PaymentLinkStatus.Paid;
                }
                l.Version = (l.Version ?? 0) + 1;
            });
        await Webhooks
            .NotifyAsync(WebhookStream.PaymentLinkAttempt, payment, url, cancellationToken)
            .ConfigureAwait(false);
        await Webhooks.NotifyLinkAsync(updated, url, cancellationToken).ConfigureAwait(false);
        return payment;
    }

    private Record<PaymentLink> LinkRecord(Guid id) =>
        State.PaymentLinks.TryGetValue(id, out var record)
            ? record
            : throw EmulatorProblem.NotFound($"No payment link with id {id}.");
}
