namespace Purse.Models.Serialization;

/// <summary>
/// A string-backed enumeration that accepts values it does not declare. Every string enum of
/// the spec is generated as one (see build/templates/Enum.liquid), because Purse adds values
/// over time and a client must not fail on them.
/// </summary>
/// <typeparam name="TSelf">The enumeration type itself.</typeparam>
public interface IOpenEnum<TSelf> : IEquatable<TSelf>
    where TSelf : struct, IOpenEnum<TSelf>
{
    /// <summary>The raw value as it appears in JSON.</summary>
    string Value { get; }

    /// <summary>True when this client version declares <see cref="Value"/>.</summary>
    bool IsKnown { get; }

    /// <summary>Wraps a raw value, known or not.</summary>
    static abstract TSelf FromValue(string value);
}
