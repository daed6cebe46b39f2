using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Models.Serialization;
using Purse.Testing.Rules;
using Purse.Testing.Signing;
using Purse.Testing.State;
using Purse.Testing.Validation;
using Purse.Testing.Webhooks;

namespace Purse.Testing;

/// <summary>
/// The emulator's domain: what each Purse operation does to the state, with Purse's rules.
/// HTTP concerns (routes, credentials, body parsing, status codes) live in
/// <see cref="Routing.PurseApi"/>; this class is shared by the HTTP paths and by the
/// <see cref="PurseEmulator"/> helpers that play the shopper's part.
/// </summary>
internal sealed class EmulatorCore(EmulatorOptions options) : IDisposable
{
    public EmulatorOptions Options => options;

    public EmulatorState State { get; } = new();

    public RedirectionSigner Signer { get; } = new();

    public WebhookDispatcher Webhooks { get; } = new(options);

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    // ---- client sessions -------------------------------------------------------------

    public ClientSession CreateClientSession(CreateClientSessionRequest request)
    {
        RequireEntity(request.EntityId);
        RequireAmount(request.Amount, request.AllowFutureUsage);
        if (request.CaptureDelay is not null && request.CaptureMode != CaptureMode.Automatic)
        {
            throw EmulatorProblem.InvalidField("/capture_delay", "capture_delay is only allowed with capture_mode AUTOMATIC.");
        }
        var session = Snapshot.AsResource<ClientSession>(request, Guid.NewGuid());
        session.AdditionalProperties.Clear();
        session.Status = ClientSessionStatus.Created;
        session.CaptureMode ??= CaptureMode.Manual;
        session.IntegrationMode ??= IntegrationMode.Embedded;
        session.ExpiresAt = Now + options.ClientSessionLifetime;
        session.EligibleSolutions = EligibleSolutions(request.Amount, request.Currency);
        session.Widget = new Widget
        {
            JsUrl = new Uri("https://widget.purse-emulator.invalid/v2/purse-widget.js"),
            Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(new JObject { ["client_session_id"] = session.Id.ToString() }.ToString(Formatting.None))),
        };
        session.Links = new Links { ["self"] = new Link { Href = $"/payment/v2/client-sessions/{session.Id}", Method = "GET" } };
        if (session.IntegrationMode == IntegrationMode.HostedPage)
        {
            // Documented as a plain URL string (https://docs.purse.tech/docs/integrate/purse-checkout/hosted-page),
            // https://pay.purse-{env}.com/entities/{entity-id}/sessions/{client-session-id}; the emulator's host is not Purse's.
            session.Links[LinkRelations.HostedPage] = Link.FromUrl($"{HostedPageBase}/entities/{session.EntityId}/sessions/{session.Id}");
        }
        State.ClientSessions[session.Id] = new Record<ClientSession>(session);
        return Snapshot.Copy(session);
    }

    public ClientSession GetClientSession(Guid id) => SessionRecord(id).Update(ExpireIfDue);

    public ClientSession AbortClientSession(Guid id, ClientSessionAbortStatus status) =>
        SessionRecord(id).Update(session =>
        {
            ExpireIfDue(session);
            if (session.Status != ClientSessionStatus.Created)
            {
                throw EmulatorProblem.InvalidField("/status", $"The client session is {session.Status?.Value}: only a CREATED session can be aborted.");
            }
            session.Status = new ClientSessionStatus(status.Value);
        });

    /// <summary>The shopper pays in the widget: a payment is made for the session, which becomes SUBMITTED.</summary>
    public async Task<Payment> SubmitClientSessionAsync(Guid id, IReadOnlyList<SplitCandidate>? split, CancellationToken cancellationToken)
    {
        var session = GetClientSession(id);
        if (session.Status != ClientSessionStatus.Created)
        {
            throw new InvalidOperationException($"The client session {id} is {session.Status?.Value}: only a CREATED session can be paid.");
        }
        var request = new CreatePaymentRequest
        {
            Amount = session.Amount ?? 0,
            Currency = session.Currency ?? Currency.Eur,
            EntityId = session.EntityId ?? options.EntityId,
            CaptureMode = session.CaptureMode,
            ShopperRedirectionUrl = session.ShopperRedirectionUrl,
            Order = session.Order ?? new Order(),
            Customer = session.Customer,
            Webhook = session.Webhook,
            AllowFutureUsage = session.AllowFutureUsage,
            Split = split?.ToList(),
        };
        var payment = await CreatePaymentAsync(request, p => p.ClientSessionId = id, cancellationToken).ConfigureAwait(false);
        SessionRecord(id).Update(s =>
        {
            s.Status = ClientSessionStatus.Submitted;
            s.PaymentId = payment.Id;
        });
        return payment;
    }

    private static void ExpireIfDue(ClientSession session, DateTimeOffset now)
    {
        if (session.Status == ClientSessionStatus.Created && session.ExpiresAt <= now)
        {
            session.Status = ClientSessionStatus.Expired;
        }
    }

    private void ExpireIfDue(ClientSession session) => ExpireIfDue(session, Now);

    private Record<ClientSession> SessionRecord(Guid id) =>
        State.ClientSessions.TryGetValue(id, out var record) ? record : throw EmulatorProblem.NotFound($"No client session with id {id}.");

    // ---- payments ----------------------------------------------------------------------

    /// <summary>
    /// Creates and authorizes a payment (each split item is one partner transaction whose
    /// status <see cref="EmulatorOptions.Authorize"/> decides), captures it at once in
    /// AUTOMATIC mode, and sends a webhook for each amounts change.
    /// </summary>
    public async Task<Payment> CreatePaymentAsync(CreatePaymentRequest request, Action<Payment>? link, CancellationToken cancellationToken)
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
        payment.Links = new Links { ["self"] = new Link { Href = $"/payment/v2/payments/{payment.Id}", Method = "GET" } };
        link?.Invoke(payment);

        var transactions = items.Select(item => new PartnerTransaction
        {
            Id = Guid.NewGuid(),
            Partner = item.Partner,
            Method = item.Method,
            Amount = item.Amount,
            PartnerReference = "EMU-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
            Status = options.Authorize(new AuthorizationScenario(item.Partner, item.Method, item.Amount, request.Currency, request)),
        }).ToList();
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
        await Webhooks.NotifyAsync(created, cancellationToken).ConfigureAwait(false);
        return await CaptureAutomaticallyAsync(record, created, cancellationToken).ConfigureAwait(false);
    }

    public Payment GetPayment(Guid id) => PaymentRecord(id).Read();

    public async Task<Payment> OperateAsync(Guid id, PaymentOperationRequest request, Action<Payment, PaymentOperationRequest, DateTimeOffset> operation, CancellationToken cancellationToken)
    {
        var now = Now;
        var payment = PaymentRecord(id).Update(p => operation(p, request, now));
        await Webhooks.NotifyAsync(payment, cancellationToken).ConfigureAwait(false);
        return payment;
    }

    /// <summary>Settles a PENDING authorization (e.g. after 3DS) to <paramref name="status"/>.</summary>
    public async Task<Payment> CompleteAuthorizationAsync(Guid id, AuthorizationStatus status, CancellationToken cancellationToken)
    {
        var record = PaymentRecord(id);
        var payment = record.Update(p =>
        {
            var authorization = p.Authorization!;
            if (authorization.Status != AuthorizationStatus.Pending)
            {
                throw new InvalidOperationException($"The payment {id} is {authorization.Status?.Value}: only a PENDING authorization can be completed.");
            }
            foreach (var transaction in authorization.PartnerTransactions ?? [])
            {
                if (transaction.Status == AuthorizationStatus.Pending)
                {
                    transaction.Status = status;
                    transaction.PartnerStatus = status.Value;
                }
            }
            authorization.Status = PaymentLedger.OverallStatus((authorization.PartnerTransactions ?? []).Select(t => t.Status!.Value));
            PaymentLedger.Recalculate(p, bumpVersion: true);
        });
        await Webhooks.NotifyAsync(payment, cancellationToken).ConfigureAwait(false);
        return await CaptureAutomaticallyAsync(record, payment, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Payment> CaptureAutomaticallyAsync(Record<Payment> record, Payment payment, CancellationToken cancellationToken)
    {
        if (payment.CaptureMode != CaptureMode.Automatic || payment.Amounts?.AvailableToCapture is not > 0)
        {
            return payment;
        }
        var now = Now;
        var captured = record.Update(p => PaymentLedger.Capture(p, new PaymentOperationRequest { Amount = p.Amounts!.AvailableToCapture!.Value }, now));
        await Webhooks.NotifyAsync(captured, cancellationToken).ConfigureAwait(false);
        return captured;
    }

    private Record<Payment> PaymentRecord(Guid id) =>
        State.Payments.TryGetValue(id, out var record) ? record : throw EmulatorProblem.NotFound($"No payment with id {id}.");

    private sealed record SplitItem(long Amount, string Partner, string Method);

    /// <summary>
    /// The split rules: the items' amounts add up to the payment amount; a duplicate
    /// authorization names a partner transaction this emulator issued on a payment that allowed
    /// future usage. Without a split, the first eligible solution pays the whole amount.
    /// </summary>
    private SplitItem ReusedItem(DuplicateAuthorizationCandidate duplicate, string pointer)
    {
        var (partner, method) = ReusedTransaction(duplicate.PartnerTransactionId.ToString(), pointer + "/partner_transaction_id");
        return new SplitItem(duplicate.Amount, partner, method);
    }

    /// <summary>
    /// A new authorization. The docs' example sends one item without amount, partner or method: the
    /// emulator gives such an item what the other items leave of the payment amount (only one item may
    /// lack an amount) and the first eligible solution.
    /// </summary>
    private SplitItem NewItem(NewAuthorizationCandidate fresh, CreatePaymentRequest request, ICollection<SplitCandidate> split, string pointer)
    {
        var amount = fresh.Amount;
        if (!fresh.HasAmount)
        {
            if (split.Count(c => c is NewAuthorizationCandidate { HasAmount: false }) > 1)
            {
                throw EmulatorProblem.InvalidField("/split", "More than one split item has no amount: the emulator cannot share the rest between them.");
            }
            amount = request.Amount - split.Where(c => c.HasAmount).Sum(c => c.Amount);
            if (amount < 1)
            {
                throw EmulatorProblem.InvalidField(pointer, "The other items leave nothing of the payment amount for this item, which has no amount.");
            }
        }
        if (fresh.Partner is { } partner && fresh.Method is { } method)
        {
            return new SplitItem(amount, partner, method);
        }
        var solution = EligibleSolutions(amount, request.Currency).FirstOrDefault()
            ?? throw EmulatorProblem.InvalidField(pointer, $"No eligible solution for {amount} {request.Currency.Value}: name a partner and a method.");
        return new SplitItem(amount, fresh.Partner ?? solution.Partner!, fresh.Method ?? solution.Method!);
    }

    private List<SplitItem> SplitItems(CreatePaymentRequest request)
    {
        if (request.Split is not { Count: > 0 } split)
        {
            var solution = EligibleSolutions(request.Amount, request.Currency).FirstOrDefault()
                ?? throw EmulatorProblem.InvalidField("/split", $"No eligible solution for {request.Amount} {request.Currency.Value}: send a split.");
            return [new SplitItem(request.Amount, solution.Partner!, solution.Method!)];
        }
        var items = new List<SplitItem>();
        var index = 0;
        foreach (var candidate in split)
        {
            var pointer = $"/split/{index}";
            items.Add(candidate switch
            {
                DuplicateAuthorizationCandidate duplicate => ReusedItem(duplicate, pointer),
                NewAuthorizationCandidate fresh => NewItem(fresh, request, split, pointer),
                DuplicateForeignAuthorizationCandidate foreign => new SplitItem(foreign.Amount, foreign.Partner, foreign.Method),
                _ => throw EmulatorProblem.InvalidField(pointer, "The split item matches no authorization candidate of the spec."),
            });
            index++;
        }
        var total = items.Sum(i => i.Amount);
        if (total != request.Amount)
        {
            throw EmulatorProblem.InvalidField("/split", $"The split amounts add up to {total}, not the payment amount {request.Amount}.");
        }
        return items;
    }

    private (string Partner, string Method) ReusedTransaction(string reference, string pointer)
    {
        if (Guid.TryParse(reference, out var transactionId)
            && State.PartnerTransactions.TryGetValue(transactionId, out var paymentId)
            && State.Payments.TryGetValue(paymentId, out var record))
        {
            var earlier = record.Read();
            if (earlier.AllowFutureUsage != true)
            {
                throw EmulatorProblem.InvalidField(pointer, $"The payment {paymentId} of partner transaction {transactionId} did not allow future usage.");
            }
            var transaction = earlier.Authorization!.PartnerTransactions!.First(t => t.Id == transactionId);
            return (transaction.Partner!, transaction.Method!);
        }
        throw EmulatorProblem.InvalidField(pointer, $"No partner transaction with id {reference}.");
    }

    // ---- payment links ---------------------------------------------------------------

    /// <summary>The emulator's hosted payment page host (Purse's is https://pay.purse-{env}.com).</summary>
    public const string HostedPageBase = "https://pay.purse-emulator.invalid";

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
        var link = CreatePaymentLink(request.Amount, request.Currency, request.Order, request.CaptureMode, lifetime);
        return LinkRecord(link.Id).Update(l =>
        {
            l.Customer = request.Customer;
            l.AllowFutureUsage = request.AllowFutureUsage ?? false;
        });
    }

    public PaymentLink CreatePaymentLink(long amount, Currency currency, Order? order, CaptureMode? captureMode, TimeSpan? lifetime)
    {
        var id = Guid.NewGuid();
        var link = new PaymentLink
        {
            Links = new Links { [LinkRelations.HostedPage] = Link.FromUrl($"{HostedPageBase}/entities/{options.EntityId}/payment-links/{id}") },
            Id = id,
            Version = 1,
            EntityId = options.EntityId,
            Status = PaymentLinkStatus.Opened,
            Amount = amount,
            Currency = currency,
            CaptureMode = captureMode ?? CaptureMode.Manual,
            ExpiresAt = Now + (lifetime ?? TimeSpan.FromDays(7)),
            Order = order ?? new Order(),
            PaymentAttempts = [],
        };
        State.PaymentLinks[link.Id] = new Record<PaymentLink>(link);
        return Snapshot.Copy(link);
    }

    public PaymentLink GetPaymentLink(Guid id) => LinkRecord(id).Read();

    /// <summary>The shopper pays through the link: a failed attempt leaves it OPENED, the first authorized one makes it PAID.</summary>
    public async Task<Payment> PayPaymentLinkAsync(Guid id, IReadOnlyList<SplitCandidate>? split, CancellationToken cancellationToken)
    {
        var link = GetPaymentLink(id);
        if (link.Status != PaymentLinkStatus.Opened || link.ExpiresAt <= Now)
        {
            throw new InvalidOperationException($"The payment link {id} is {link.Status?.Value} and expires at {link.ExpiresAt:O}: it cannot be paid.");
        }
        var request = new CreatePaymentRequest
        {
            Amount = link.Amount ?? 0,
            Currency = link.Currency ?? Currency.Eur,
            EntityId = options.EntityId,
            CaptureMode = link.CaptureMode,
            Order = link.Order ?? new Order(),
            Customer = link.Customer,
            AllowFutureUsage = link.AllowFutureUsage,
            Split = split?.ToList(),
        };
        var payment = await CreatePaymentAsync(request, p => p.PaymentLinkId = id, cancellationToken).ConfigureAwait(false);
        LinkRecord(id).Update(l =>
        {
            l.PaymentAttempts = [.. l.PaymentAttempts ?? [], new PaymentAttempt { PaymentId = payment.Id, Status = payment.Authorization?.Status?.Value, CreatedAt = payment.CreatedAt }];
            if (payment.Authorization?.Status == AuthorizationStatus.Authorized)
            {
                l.Status = PaymentLinkStatus.Paid;
            }
            l.Version = (l.Version ?? 0) + 1;
        });
        return payment;
    }

    private Record<PaymentLink> LinkRecord(Guid id) =>
        State.PaymentLinks.TryGetValue(id, out var record) ? record : throw EmulatorProblem.NotFound($"No payment link with id {id}.");

    // ---- eligibility and signing ---------------------------------------------------------

    public List<EligibleSolution> EligibleSolutions(long amount, Currency currency) =>
        options.EligibleSolutions.Where(r => r.Matches(amount, currency))
            .Select(r => new EligibleSolution { Partner = r.Partner, Method = r.Method })
            .ToList();

    public EligibleSolutionsResponse CheckEligibleSolutions(EligibleSolutionsRequest request)
    {
        RequireEntity(request.EntityId);
        return new EligibleSolutionsResponse
        {
            Amount = request.Amount,
            Currency = request.Currency,
            EligibleSolutions = EligibleSolutions(request.Amount, request.Currency),
        };
    }

    public string CreateRedirectionData(Guid paymentId, TimeSpan? lifetime)
    {
        var payment = State.Payments.TryGetValue(paymentId, out var record)
            ? record.Read()
            : throw new ArgumentException($"The emulator has no payment with id {paymentId}.", nameof(paymentId));
        var sessionStatus = payment.ClientSessionId is { } sessionId && State.ClientSessions.TryGetValue(sessionId, out var session)
            ? session.Read().Status?.Value
            : null;
        var claims = new Dictionary<string, object>
        {
            ["payment_id"] = payment.Id.ToString(),
            ["authorization_status"] = payment.Authorization?.Status?.Value ?? "",
        };
        if (payment.ClientSessionId is { } id)
        {
            claims["client_session_id"] = id.ToString();
        }
        if (sessionStatus is not null)
        {
            claims["client_session_status"] = sessionStatus;
        }
        return Signer.Sign(claims, Now, lifetime ?? options.RedirectionDataLifetime);
    }

    // ---- shared rules ----------------------------------------------------------------------

    private void RequireEntity(Guid entityId)
    {
        if (entityId != options.EntityId)
        {
            throw EmulatorProblem.Forbidden($"The credentials do not give access to entity {entityId}.");
        }
    }

    private static void RequireAmount(long amount, bool? allowFutureUsage)
    {
        if (amount < 0 || (amount == 0 && allowFutureUsage != true))
        {
            throw EmulatorProblem.InvalidField("/amount", "amount must be greater than 0 (0 is allowed only with allow_future_usage: true).");
        }
    }

    public void Dispose()
    {
        Signer.Dispose();
        Webhooks.Dispose();
    }
}
