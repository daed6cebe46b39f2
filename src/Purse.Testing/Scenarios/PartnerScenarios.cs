using System.Collections.Concurrent;

namespace Purse.Testing.Scenarios;

/// <summary>The emulator's partner scenarios, by partner name (case-insensitive); <c>*</c> applies to every
/// partner.</summary>
internal sealed class PartnerScenarios
{
    public const string AnyPartner = "*";

    private readonly ConcurrentDictionary<string, PartnerScenario> _partners = new(StringComparer.OrdinalIgnoreCase);

    public PartnerScenario For(string partner) => _partners.GetOrAdd(partner, name => new PartnerScenario(name));

    /// <summary>The partner's own instruction first, then the one for every partner, else SUCCESS.</summary>
    public PartnerOutcome Decide(string partner, PaymentOperationKind kind) =>
        (_partners.TryGetValue(partner, out var own) ? own.Take(kind) : null)
        ?? (_partners.TryGetValue(AnyPartner, out var any) ? any.Take(kind) : null)
        ?? PartnerOutcome.Success;
}
