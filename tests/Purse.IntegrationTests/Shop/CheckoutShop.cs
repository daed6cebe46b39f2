using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using Purse.Models;
using PurseOrder = Purse.Models.Order;

namespace Purse.IntegrationTests.Shop;

// The shop of docs/checkout.md ("The whole shop"), as it is written there: ShopCodeTests keeps the two identical
// between the markers, and CheckoutShopTests runs it against two emulators, one per shop.

// ---- shop:begin ----
/// <summary>An order of the shop: its own type, not Purse's (<c>PurseOrder</c> above, to avoid CS0104).</summary>
public sealed record Order(string Id, string Shop, IReadOnlyList<OrderLine> Lines, Money Shipping, Money Discount)
{
    public Guid? ClientSessionId { get; init; }

    public Guid? PaymentId { get; init; }

    /// <summary>What the shopper pays: the lines and the shipping, less the discount, VAT (20 %) included.</summary>
    public Money Total => Lines.Aggregate(Shipping - Discount, (total, line) => total + line.Amount);

    /// <summary>Purse's order: net_amount is the full payable total, tax_amount the VAT part of it.</summary>
    public PurseOrder ToPurseOrder()
    {
        var items = Lines.Select(line =>
            new ItemLine
            {
                SkuReference = line.Sku,
                Name = line.Name,
                Quantity = line.Quantity,
                Type = "PHYSICAL",
                TaxRate = 20,
            }
                .SetUnitGrossPrice(line.UnitPrice)
                .SetNetAmount(line.Amount)
                .SetTaxAmount(VatOf(line.Amount))
        );
        var shipment = new Shipment { ItemLines = [.. items] }.SetNetAmount(Total); // one parcel: the whole order
        return new PurseOrder { Reference = Id, Shipments = [shipment] }
            .SetNetAmount(Total)
            .SetTaxAmount(VatOf(Total))
            .SetDiscountAmount(Discount);
    }

    /// <summary>The VAT part of a price that includes 20 % VAT: a sixth of it.</summary>
    private static Money VatOf(Money gross) =>
        Money.FromMajorUnits(gross.ToMajorUnits() / 6m, gross.Currency, MidpointRounding.AwayFromZero);
}

public sealed record OrderLine(string Sku, string Name, int Quantity, Money UnitPrice)
{
    public Money Amount => Money.FromMinorUnits(UnitPrice.MinorUnits * Quantity, UnitPrice.Currency);
}

/// <summary>The shop's order store (a database in real life).</summary>
public interface IShopOrders
{
    Task<Order?> FindAsync(string orderId, CancellationToken cancellationToken);

    Task<Order?> FindByClientSessionAsync(Guid clientSessionId, CancellationToken cancellationToken);

    Task SaveAsync(Order order, CancellationToken cancellationToken);

    /// <summary>Applies the state Purse confirmed (a webhook, re-read), once per payment id and version.</summary>
    Task ApplyAsync(Payment payment, CancellationToken cancellationToken);
}

/// <summary>Checkout, return, webhook, ship, refund and cancel, for shops that are each a Purse entity.</summary>
public static class CheckoutEndpoints
{
    /// <summary>Maps the endpoints; <paramref name="shops"/> are the names of the shops' Purse clients.</summary>
    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app, params string[] shops)
    {
        app.MapPost("/orders/{orderId}/checkout", CheckOutAsync);
        foreach (var shop in shops)
        {
            app.MapGet(
                $"/purse/return/{shop}",
                (HttpRequest http, IPurseClientFactory purse, IShopOrders orders, CancellationToken ct) =>
                    ReturnAsync(shop, http, purse.GetClient(shop), orders, ct)
            );
            app.MapPost(
                $"/purse/webhook/{shop}",
                (HttpRequest http, IPurseClientFactory purse, IShopOrders orders, CancellationToken ct) =>
                    WebhookAsync(http, purse.GetClient(shop), orders, ct)
            );
        }
        app.MapPost("/orders/{orderId}/shipments/{shipmentId}", ShipAsync);
        app.MapPost("/orders/{orderId}/returns/{returnId}", RefundAsync);
        app.MapPost("/orders/{orderId}/cancel", CancelAsync);
        return app;
    }

    // The shopper checks out: a client session on the shop's own Purse entity, paid on Purse's hosted page.
    private static async Task<IResult> CheckOutAsync(
        string orderId,
        HttpRequest http,
        IPurseClientFactory purse,
        IShopOrders orders,
        CancellationToken ct
    )
    {
        if (await orders.FindAsync(orderId, ct) is not { } order)
        {
            return Results.NotFound();
        }
        var site = $"{http.Scheme}://{http.Host}";
        var request = new CreateClientSessionRequest
        {
            Order = order.ToPurseOrder(),
            IntegrationMode = IntegrationMode.HostedPage,
            CaptureMode = CaptureMode.Manual, // Purse's default, said aloud: capture when the parcel ships
            ShopperRedirectionUrl = new Uri($"{site}/purse/return/{order.Shop}"),
            Webhook = new Webhook { Url = new Uri($"{site}/purse/webhook/{order.Shop}") },
        }.SetAmount(order.Total);
        var session = await purse.GetClient(order.Shop).ClientSessions.CreateAsync(request, ct);
        await orders.SaveAsync(order with { ClientSessionId = session.Id }, ct);
        return Results.Redirect(session.HostedPageUrl!.ToString());
    }

    // The shopper comes back: trust the signed data only, verified with the keys of the shop's own entity.
    private static async Task<IResult> ReturnAsync(
        string shop,
        HttpRequest http,
        IPurseClient purse,
        IShopOrders orders,
        CancellationToken ct
    )
    {
        RedirectionData data;
        try
        {
            data = await purse.Redirection.VerifyAsync(http.GetEncodedUrl(), ct);
        }
        catch (PurseRedirectionDataException e) when (e.Reason == RedirectionFailure.KeysUnavailable)
        {
            return Results.Redirect("/checkout/pending"); // Purse unreachable: confirm later, not fraud
        }
        catch (PurseRedirectionDataException)
        {
            return Results.BadRequest("This payment return could not be verified.");
        }
        if (await orders.FindByClientSessionAsync(data.ClientSessionId, ct) is not { } order || order.Shop != shop)
        {
            return Results.BadRequest("This payment return is not for an order of this shop.");
        }
        if (data.AuthorizationStatus != AuthorizationStatus.Authorized)
        {
            return Results.Redirect($"/orders/{order.Id}/retry");
        }
        await orders.SaveAsync(order with { PaymentId = data.PaymentId }, ct);
        return Results.Redirect($"/orders/{order.Id}/thanks");
    }

    // Purse posts the payment after each change of its amounts: a hint, re-read with the shop's entity.
    private static async Task<IResult> WebhookAsync(
        HttpRequest http,
        IPurseClient purse,
        IShopOrders orders,
        CancellationToken ct
    )
    {
        if (http.HttpContext.Connection.RemoteIpAddress is not { } sender || !purse.Webhooks.IsFromPurse(sender))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        using var reader = new StreamReader(http.Body);
        var body = await reader.ReadToEndAsync(ct);
        try
        {
            await orders.ApplyAsync(await purse.Webhooks.ParseAndVerifyAsync(body, ct), ct);
            return Results.Ok();
        }
        catch (Exception e) when (e is PurseWebhookException or PurseNotFoundException)
        {
            return Results.BadRequest(); // not a payment of this entity: nothing to acknowledge
        }
        catch (PurseException e)
            when (e is PurseConnectionException or PurseServerException or PurseRateLimitedException)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable); // deliver it again later
        }
    }

    // The parcel leaves: capture what it carries, once, even if this request is sent again (docs/idempotency.md).
    private static Task<IResult> ShipAsync(
        string orderId,
        string shipmentId,
        IPurseClientFactory purse,
        IShopOrders orders,
        CancellationToken ct
    ) =>
        OperateAsync(orderId, purse, orders, ct, (payments, payment, order) =>
            payments.CaptureAsync(
                payment,
                order.Total,
                new PaymentOperationOptions { IdempotencyKey = $"capture:{order.Id}:{shipmentId}" },
                ct
            )
        );

    // A parcel comes back: refund it (?amount=10.00, in the order's currency), once per return.
    private static Task<IResult> RefundAsync(
        string orderId,
        string returnId,
        decimal amount,
        IPurseClientFactory purse,
        IShopOrders orders,
        CancellationToken ct
    ) =>
        OperateAsync(orderId, purse, orders, ct, (payments, payment, order) =>
            payments.RefundAsync(
                payment,
                Money.FromMajorUnits(amount, order.Total.Currency),
                new PaymentOperationOptions { IdempotencyKey = $"refund:{order.Id}:{returnId}" },
                ct
            )
        );

    // The order is cancelled: abort the session if nothing was paid, else void what is not captured.
    private static async Task<IResult> CancelAsync(
        string orderId,
        IPurseClientFactory purse,
        IShopOrders orders,
        CancellationToken ct
    )
    {
        if (await orders.FindAsync(orderId, ct) is not { ClientSessionId: { } sessionId } order)
        {
            return Results.NotFound();
        }
        if (order.PaymentId is null)
        {
            var session = await purse.GetClient(order.Shop).ClientSessions.AbortAsync(sessionId, ct);
            return Results.Text($"client session {session.Status?.Value}");
        }
        return await OperateAsync(orderId, purse, orders, ct, (payments, payment, order) =>
            payments.VoidAsync(
                payment,
                payment.Totals().ToVoid,
                new PaymentOperationOptions { IdempotencyKey = $"void:{order.Id}" },
                ct
            )
        );
    }

    private static async Task<IResult> OperateAsync(
        string orderId,
        IPurseClientFactory purse,
        IShopOrders orders,
        CancellationToken ct,
        Func<IPayments, Payment, Order, Task<Payment>> operate
    )
    {
        if (await orders.FindAsync(orderId, ct) is not { PaymentId: { } paymentId } order)
        {
            return Results.NotFound();
        }
        var payments = purse.GetClient(order.Shop).Payments;
        try
        {
            var payment = await operate(payments, await payments.GetAsync(paymentId, ct), order);
            return Results.Text(payment.Totals().ToString());
        }
        catch (PurseOutcomeUnknownException)
        {
            // Maybe done: the same request again (same key) finishes it without doing it twice.
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        catch (PurseInvalidRequestException refused)
        {
            // Refused before sending, e.g. "12.50 EUR is more than the payment's available_to_refund (10.00 EUR)".
            return Results.Conflict(refused.Message);
        }
    }
}
// ---- shop:end ----
