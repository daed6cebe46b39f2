namespace Purse;

/// <summary>
/// Before sending: an order whose amounts were set from <see cref="Money"/> is in the currency of the request that
/// carries it (its amounts carry none on the wire, so a USD order on an EUR session would be read as EUR).
/// </summary>
internal static class OrderCurrency
{
    /// <exception cref="PurseInvalidRequestException">A part of the order is in another currency.</exception>
    public static void Check(Order? order, Currency currency, string carrier)
    {
        if (order is null)
        {
            return;
        }
        CheckOne(order, currency, "order", carrier);
        CheckParts(order.ItemLines, order.Shipments, currency, carrier);
    }

    /// <exception cref="PurseInvalidRequestException">A part of the order is in another currency.</exception>
    public static void Check(PaymentOperationOrder? order, Currency currency, string carrier)
    {
        if (order is null)
        {
            return;
        }
        CheckOne(order, currency, "order", carrier);
        CheckParts(order.ItemLines, order.Shipments, currency, carrier);
    }

    private static void CheckParts(
        IEnumerable<ItemLine>? lines,
        IEnumerable<Shipment>? shipments,
        Currency currency,
        string carrier
    )
    {
        foreach (var (index, line) in (lines ?? []).Index())
        {
            CheckOne(line, currency, $"order.item_lines[{index}]", carrier);
        }
        foreach (var (index, shipment) in (shipments ?? []).Index())
        {
            CheckOne(shipment, currency, $"order.shipments[{index}]", carrier);
            foreach (var (line, item) in (shipment?.ItemLines ?? []).Index())
            {
                CheckOne(item, currency, $"order.shipments[{index}].item_lines[{line}]", carrier);
            }
        }
    }

    private static void CheckOne(IMoneyAmounts? part, Currency currency, string field, string carrier)
    {
        if (part?.MoneyCurrency is { } given && given != currency)
        {
            throw new PurseInvalidRequestException(
                field,
                $"The amounts of {field} were given in {given.Value}, but {carrier} is in {currency.Value}."
            );
        }
    }
}
