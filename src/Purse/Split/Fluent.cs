using System.Runtime.CompilerServices;

namespace Purse;

/// <summary>The shape of the fluent setters (<c>SetAmount</c>, <c>SetSplit</c>, <c>SetVaultFormToken</c>...).</summary>
internal static class Fluent
{
    /// <summary>Refuses a null <paramref name="target"/>, applies <paramref name="set"/> to it and returns it for
    /// chaining.</summary>
    public static T Set<T>(T target, Action<T> set, [CallerArgumentExpression(nameof(target))] string? paramName = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(target, paramName);
        set(target);
        return target;
    }
}
