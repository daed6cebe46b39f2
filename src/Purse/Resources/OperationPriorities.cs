namespace Purse;

/// <summary>
/// Builds the processing priority list of a capture, refund or void: partner transactions matching an
/// earlier entry are processed first; <see cref="Any"/> (<c>*</c>) matches any partner or method, and
/// <see cref="ThenAllOthers"/> (<c>{*, *}</c>) stands for every transaction no other entry names.
/// Documented on https://docs.purse.tech/docs/references/glossary/payment/operations.
/// </summary>
/// <example>
/// The documented example: credit cards first, the illicado partner last, everything else in between.
/// <code>
/// var options = new PaymentOperationOptions
/// {
///     Priorities = OperationPriorities
///         .Create()
///         .ThenMethod("creditcard")
///         .ThenAllOthers()
///         .ThenPartner("illicado")
///         .Build(),
/// };
/// await purse.Payments.RefundAsync(payment, amount, options, ct);
/// </code>
/// </example>
public sealed class OperationPriorities
{
    /// <summary>The wildcard: any partner, or any method.</summary>
    public const string Any = "*";

    private readonly List<(string Partner, string Method)> _entries = [];

    private OperationPriorities() { }

    /// <summary>An empty list to add entries to, in priority order.</summary>
    public static OperationPriorities Create() => new();

    /// <summary>Adds the transactions of <paramref name="partner"/> with <paramref name="method"/> (either may be
    /// <see cref="Any"/>).</summary>
    /// <exception cref="PurseInvalidRequestException">A value is empty or blank.</exception>
    public OperationPriorities Then(string partner, string method)
    {
        var index = _entries.Count;
        _entries.Add((Value(partner, $"priorities[{index}].partner"), Value(method, $"priorities[{index}].method")));
        return this;
    }

    /// <summary>Adds every transaction paid with <paramref name="method"/>, whatever the partner.</summary>
    public OperationPriorities ThenMethod(string method) => Then(Any, method);

    /// <summary>Adds every transaction of <paramref name="partner"/>, whatever the method.</summary>
    public OperationPriorities ThenPartner(string partner) => Then(partner, Any);

    /// <summary>Adds <c>{*, *}</c>: every transaction no other entry of the list names.</summary>
    public OperationPriorities ThenAllOthers() => Then(Any, Any);

    /// <summary>The list, for <see cref="PaymentOperationOptions.Priorities"/>.</summary>
    public IReadOnlyList<OperationPriority> Build() =>
        [.. _entries.Select(e => new OperationPriority { Partner = e.Partner, Method = e.Method })];

    /// <summary>The wire list, each entry checked (a list built by hand may hold blanks or nulls).</summary>
    internal static ICollection<OperationPriority>? ToWire(IReadOnlyList<OperationPriority>? priorities) =>
        priorities
            ?.Select(
                (entry, i) =>
                    entry is null
                        ? throw new PurseInvalidRequestException($"priorities[{i}]", "The entry is null.")
                        : new OperationPriority
                        {
                            Partner = Value(entry.Partner, $"priorities[{i}].partner"),
                            Method = Value(entry.Method, $"priorities[{i}].method"),
                        }
            )
            .ToList();

    private static string Value(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new PurseInvalidRequestException(field, "A partner or method is required; use \"*\" for any.")
            : value.Trim();
}
