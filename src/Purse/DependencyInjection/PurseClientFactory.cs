namespace Purse;

/// <summary>
/// The Purse clients registered in this container, by name: for names known only at run time
/// (the shop of an order, the entity of a webhook). With a name fixed in code, inject
/// <c>[FromKeyedServices("shop_fr")] IPurseClient</c> instead.
/// </summary>
public interface IPurseClientFactory
{
    /// <summary>
    /// The client registered as <paramref name="name"/> by <c>AddPurseClient(name, ...)</c>, or the
    /// default one (<c>AddPurseClient(...)</c> without a name) for
    /// <see cref="Microsoft.Extensions.Options.Options.DefaultName"/>
    /// (the empty string). Names are compared ordinally (case-sensitive).
    /// </summary>
    /// <exception cref="InvalidOperationException">No client is registered under that name; the message lists the
    /// registered names.</exception>
    IPurseClient GetClient(string name);
}

/// <summary>Finds a registered client by name in the application's container (each is a keyed service).</summary>
internal sealed class PurseClientFactory(IServiceProvider services, IEnumerable<PurseClientName> registered)
    : IPurseClientFactory
{
    // In the order they were registered.
    private readonly List<string> _names = registered.Select(n => n.Name).ToList();

    public IPurseClient GetClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _names.Contains(name)
            ? services.GetRequiredKeyedService<IPurseClient>(name)
            : throw new InvalidOperationException(
                $"No Purse client is registered as '{name}'. Registered: {Describe()}. "
                    + "Register it with services.AddPurseClient(\"name\", ...), or the default one with "
                    + "services.AddPurseClient(...)."
            );
    }

    private string Describe()
    {
        var names = _names
            .Select(n => n == PurseClientRegistration.DefaultName ? "the default client (\"\")" : $"'{n}'")
            .ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }
}
