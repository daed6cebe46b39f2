using System.Collections.Concurrent;
using Purse.Models;

namespace Purse.IntegrationTests.Shop;

/// <summary>The test's order store: orders by id, and the payment versions the webhooks confirmed.</summary>
internal sealed class InMemoryShopOrders : IShopOrders
{
    private readonly ConcurrentDictionary<string, Order> _orders = new();

    public ConcurrentQueue<(Guid PaymentId, long Version)> Applied { get; } = new();

    public void Add(Order order) => _orders[order.Id] = order;

    public Order this[string orderId] => _orders[orderId];

    public Task<Order?> FindAsync(string orderId, CancellationToken cancellationToken) =>
        Task.FromResult(_orders.GetValueOrDefault(orderId));

    public Task<Order?> FindByClientSessionAsync(Guid clientSessionId, CancellationToken cancellationToken) =>
        Task.FromResult(_orders.Values.FirstOrDefault(o => o.ClientSessionId == clientSessionId));

    public Task SaveAsync(Order order, CancellationToken cancellationToken)
    {
        _orders[order.Id] = order;
        return Task.CompletedTask;
    }

    public Task ApplyAsync(Payment payment, CancellationToken cancellationToken)
    {
        Applied.Enqueue((payment.Id, payment.Version ?? 0));
        return Task.CompletedTask;
    }
}
