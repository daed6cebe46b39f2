using Newtonsoft.Json;

namespace Purse.Models;

/// <summary>
/// A wire object whose amounts carry no currency of their own (they are in the currency of the session, payment or
/// link that holds them). The facade's <c>With…(Money)</c> setters remember the currency of the money given, so that
/// an order built in another currency than its request is refused before sending; null for objects read from JSON
/// or filled with bare minor units.
/// </summary>
internal interface IMoneyAmounts
{
    Currency? MoneyCurrency { get; set; }
}

// The order of a client session, payment or payment link.
public partial class Order : IMoneyAmounts
{
    [JsonIgnore]
    Currency? IMoneyAmounts.MoneyCurrency { get; set; }
}

// An item of an order.
public partial class ItemLine : IMoneyAmounts
{
    [JsonIgnore]
    Currency? IMoneyAmounts.MoneyCurrency { get; set; }
}

// A shipment of an order.
public partial class Shipment : IMoneyAmounts
{
    [JsonIgnore]
    Currency? IMoneyAmounts.MoneyCurrency { get; set; }
}

// The part of the order a capture, refund or void is for.
public partial class PaymentOperationOrder : IMoneyAmounts
{
    [JsonIgnore]
    Currency? IMoneyAmounts.MoneyCurrency { get; set; }
}
