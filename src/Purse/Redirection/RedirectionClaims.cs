using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Purse.Models;

namespace Purse;

/// <summary>Reads the four claims of a verified redirection token into <see cref="RedirectionData"/>.</summary>
internal static class RedirectionClaims
{
    public const string ClientSessionId = "client_session_id";
    public const string PaymentId = "payment_id";
    public const string AuthorizationStatus = "authorization_status";
    public const string ClientSessionStatus = "client_session_status";

    public static RedirectionData Read(JsonWebToken token) => new(
        Id(token, ClientSessionId),
        Id(token, PaymentId),
        new AuthorizationStatus(Status(token, AuthorizationStatus)),
        new ClientSessionStatus(Status(token, ClientSessionStatus)));

    private static Guid Id(JsonWebToken token, string name)
    {
        var claim = Required(token, name);
        if (claim.ValueType != ClaimValueTypes.String || !Guid.TryParseExact(claim.Value, "D", out var id))
        {
            throw Invalid(name, "is not a UUID", claim);
        }
        return id;
    }

    // Statuses are open: a value this client does not know is returned as is (IsKnown false).
    private static string Status(JsonWebToken token, string name)
    {
        var claim = Required(token, name);
        if (claim.ValueType != ClaimValueTypes.String || string.IsNullOrWhiteSpace(claim.Value))
        {
            throw Invalid(name, "is not a non-empty string", claim);
        }
        return claim.Value;
    }

    private static Claim Required(JsonWebToken token, string name) =>
        token.TryGetClaim(name, out var claim)
            ? claim
            : throw new PurseRedirectionException(RedirectionFailure.MissingClaim, $"The redirection data has no '{name}' claim.");

    private static PurseRedirectionException Invalid(string name, string what, Claim claim) =>
        new(RedirectionFailure.InvalidClaim, $"The redirection data's '{name}' claim {what}: '{RedirectionLog.Printable(claim.Value)}'.");
}
