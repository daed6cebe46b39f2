using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Purse;

/// <summary>Finds a registered client by name in the application's container.</summary>
internal sealed class PurseClientFactory : IPurseClientFactory
{
    private readonly IServiceProvider _services;
    private readonly PurseClientNames _names;

    public PurseClientFactory(IServiceProvider services)
    {
        _services = services;
        // Absent when only the default client is registered.
        _names = services.GetService<PurseClientNames>() ?? new PurseClientNames();
    }

    public IPurseClient GetClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var client = name == Options.DefaultName
            ? _services.GetService<IPurseClient>()
            : _names.Contains(name) ? _services.GetRequiredKeyedService<IPurseClient>(name) : null;
        return client ?? throw new InvalidOperationException(
            $"No Purse client is registered as '{name}'. Registered: {Describe()}. " +
            "Register it with services.AddPurseClient(\"name\", ...), or the default one with services.AddPurseClient(...).");
    }

    private string Describe()
    {
        var registered = _names.Names.Select(n => $"'{n}'").ToList();
        // IsService, not GetService: building the default client here could throw on its own options.
        if (_services.GetService<IServiceProviderIsService>()?.IsService(typeof(IPurseClient)) == true)
        {
            registered.Insert(0, "the default client (\"\")");
        }
        return registered.Count == 0 ? "none" : string.Join(", ", registered);
    }
}
