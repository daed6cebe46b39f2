using Microsoft.Extensions.DependencyInjection;

namespace Purse;

/// <summary>
/// The Purse clients registered in this container, by name: for names known only at run time
/// (the shop of an order, the entity of a webhook). With a name fixed in code, inject
/// <c>[FromKeyedServices("shop-fr")] IPurseClient</c> instead.
/// </summary>
public interface IPurseClientFactory
{
    /// <summary>
    /// The client registered as <paramref name="name"/> by <c>AddPurseClient(name, ...)</c>, or the
    /// default one (<c>AddPurseClient(...)</c> without a name) for <see cref="Microsoft.Extensions.Options.Options.DefaultName"/>
    /// (the empty string). Names are compared ordinally (case-sensitive).
    /// </summary>
    /// <exception cref="InvalidOperationException">No client is registered under that name; the message lists the registered names.</exception>
    IPurseClient GetClient(string name);
}

/// <summary>Finds a registered client by name in the application's container.</summary>
internal sealed class PurseClientFactory(IServiceProvider services) : IPurseClientFactory
{
    // Absent when only the default client is registered.
    private readonly PurseClientNames _names = services.GetService<PurseClientNames>() ?? [];

    public IPurseClient GetClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var client = name == Options.DefaultName ? services.GetService<IPurseClient>()
            : _names.Contains(name) ? services.GetRequiredKeyedService<IPurseClient>(name) : null;
        return client ?? throw new InvalidOperationException(
            $"No Purse client is registered as '{name}'. Registered: {Describe()}. " +
            "Register it with services.AddPurseClient(\"name\", ...), or the default one with services.AddPurseClient(...).");
    }

    private string Describe()
    {
        // IsService, not GetService: building the default client here could throw on its own options.
        var hasDefault = services.GetService<IServiceProviderIsService>()?.IsService(typeof(IPurseClient)) == true;
        string[] registered = [.. hasDefault ? ["the default client (\"\")"] : Array.Empty<string>(), .. _names.Select(n => $"'{n}'")];
        return registered.Length == 0 ? "none" : string.Join(", ", registered);
    }
}

/// <summary>
/// The names registered with <c>AddPurseClient(name, ...)</c> in one service collection (compared
/// ordinally), kept as an instance in that collection so that a second registration of a name is refused at once.
/// </summary>
internal sealed class PurseClientNames : List<string>;
