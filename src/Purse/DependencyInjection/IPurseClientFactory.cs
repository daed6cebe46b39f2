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
