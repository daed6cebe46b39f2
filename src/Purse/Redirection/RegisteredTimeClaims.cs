using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Purse;

/// <summary>
/// <c>exp</c>, <c>nbf</c> and <c>iat</c> are NumericDates (RFC 7519): JSON numbers. Microsoft.IdentityModel
/// reads <c>"exp": "4070908800"</c> as a date, and refuses other strings as a malformed token;
/// both are refused here as <see cref="RedirectionFailure.InvalidClaim"/>, by name.
/// </summary>
internal static class RegisteredTimeClaims
{
    private static readonly string[] Names = ["exp", "nbf", "iat"];

    /// <summary>Throws when a time claim of the payload is present and not a JSON number.</summary>
    public static void EnsureNumbers(string encodedPayload)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(encodedPayload));
        if (payload.RootElement.ValueKind != JsonValueKind.Object)
        {
            return; // Not a claims object: the caller reports it as malformed.
        }
        foreach (var name in Names)
        {
            if (payload.RootElement.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Number)
            {
                throw new PurseRedirectionException(RedirectionFailure.InvalidClaim,
                    $"The redirection data's '{name}' claim is a JSON {value.ValueKind.ToString().ToLowerInvariant()}, not a number (NumericDate).");
            }
        }
    }

    /// <summary>
    /// The same check on a token the library could not parse: names a mistyped time claim when
    /// that was the cause, and stays silent when the payload cannot even be read.
    /// </summary>
    public static void EnsureNumbersIfReadable(string compact)
    {
        var parts = compact.Split('.');
        if (parts.Length != 3)
        {
            return;
        }
        try
        {
            EnsureNumbers(parts[1]);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or ArgumentException)
        {
            // Unreadable payload: malformed, which the caller reports.
        }
    }
}
