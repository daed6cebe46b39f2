using System.Reflection;

namespace Purse;

/// <summary>
/// The <c>User-Agent</c> of every request to Purse (API and token endpoint):
/// <c>Purse.NET/0.1.0 (.NET 10.0.0)</c>, so that Purse's support can tell which client and runtime a
/// merchant runs.
/// </summary>
internal static class PurseUserAgent
{
    public static string Value { get; } =
        Create(
            typeof(PurseUserAgent)
                .Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
                ?.InformationalVersion
                ?? typeof(PurseUserAgent).Assembly.GetName().Version?.ToString(3),
            Environment.Version
        );

    /// <summary>The package version (informational, without SourceLink's <c>+commit</c>) and the runtime's.</summary>
    internal static string Create(string? informationalVersion, Version runtime)
    {
        var version = string.IsNullOrEmpty(informationalVersion) ? "0.0.0" : informationalVersion;
        var metadata = version.IndexOf('+', StringComparison.Ordinal);
        return $"Purse.NET/{(metadata < 0 ? version : version[..metadata])} (.NET {runtime})";
    }

    public static void Apply(HttpClient http)
    {
        http.DefaultRequestHeaders.UserAgent.Clear();
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Value);
    }
}
