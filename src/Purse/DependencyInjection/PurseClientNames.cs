namespace Purse;

/// <summary>
/// The names registered with <c>AddPurseClient(name, ...)</c> in one service collection, kept as an
/// instance in that collection so that a second registration of a name is refused at once.
/// </summary>
internal sealed class PurseClientNames
{
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public bool Contains(string name) => _names.Contains(name, StringComparer.Ordinal);

    public void Add(string name) => _names.Add(name);
}
