using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Purse;

/// <summary>
/// Binds <see cref="PurseClientOptions"/> from configuration, after checking that every value meant for a typed
/// option (a GUID, an environment, a duration, a number, an address) can be read as that type. The ones that cannot
/// are named in one error, each with its option and configuration key, instead of the configuration binder's
/// generic "Failed to convert configuration value" for the first. Values are not repeated: a secret pasted under the
/// wrong key must not reach a log.
/// </summary>
internal static class PurseOptionsBinding
{
    public static void Bind(IConfiguration configuration, PurseClientOptions options, string clientName)
    {
        var failures = new List<string>();
        Check(configuration, typeof(PurseClientOptions), prefix: "", failures);
        if (failures.Count > 0)
        {
            var named =
                clientName.Length == 0 ? failures : failures.Select(f => $"Purse client '{clientName}': {f}").ToList();
            throw new OptionsValidationException(clientName, typeof(PurseClientOptions), named);
        }
        configuration.Bind(options);
    }

    private static void Check(IConfiguration section, Type type, string prefix, List<string> failures)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var child = section.GetSection(property.Name);
            var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (target == typeof(PurseResilienceOptions) || target == typeof(RedirectionVerificationOptions))
            {
                Check(child, target, $"{prefix}{property.Name}:", failures);
            }
            else if (child.Value is { Length: > 0 } value && Expected(target) is { } expected && !Reads(value, target))
            {
                failures.Add($"Purse option '{prefix}{property.Name}' (configuration key '{child.Path}') {expected}");
            }
        }
    }

    /// <summary>What a value of <paramref name="type"/> must be, said to the person who configures it; null: not
    /// checked here.</summary>
    private static string? Expected(Type type) =>
        type switch
        {
            _ when type == typeof(Guid) => "is not a GUID: set the ENTITY_ID Purse gave you.",
            _ when type == typeof(PurseEnvironment) => "must be Sandbox or Production.",
            _ when type == typeof(TimeSpan) => "is not a duration (hh:mm:ss, e.g. 00:00:30).",
            _ when type == typeof(int) || type == typeof(long) => "is not a whole number.",
            _ when type == typeof(bool) => "must be true or false.",
            _ when type == typeof(Uri) => "is not an address.",
            _ => null,
        };

    /// <summary>Whether the configuration binder can read <paramref name="value"/> as
    /// <paramref name="type"/>.</summary>
    private static bool Reads(string value, Type type) =>
        type switch
        {
            _ when type == typeof(Guid) => Guid.TryParse(value, out _),
            _ when type == typeof(PurseEnvironment) => Enum.TryParse<PurseEnvironment>(
                value,
                ignoreCase: true,
                out var environment
            ) && Enum.IsDefined(environment),
            _ when type == typeof(TimeSpan) => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(int) => int.TryParse(
                value,
                NumberStyles.Integer,
                CultureInfo.InvariantCulture,
                out _
            ),
            _ when type == typeof(long) => long.TryParse(
                value,
                NumberStyles.Integer,
                CultureInfo.InvariantCulture,
                out _
            ),
            _ when type == typeof(bool) => bool.TryParse(value, out _),
            _ => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _),
        };
}
