using System.Security.Cryptography;
using System.Text;
using Purse.Testing.Routing;
using Purse.Testing.Validation;

namespace Purse.Testing.Authentication;

/// <summary>
/// Purse's credential rules: API calls carry a live bearer token and the merchant's
/// <c>x-api-key</c>; the signing keys need the API key only; the token endpoint takes the
/// client id and secret (HTTP Basic, or form fields). Failures are 401 problems that never
/// echo the secret that was sent.
/// </summary>
internal sealed class RequestAuthenticator(EmulatorOptions options, AccessTokens tokens)
{
    public void RequireApiKey(EmulatorRequest request)
    {
        var key = request.Header("x-api-key");
        if (string.IsNullOrEmpty(key))
        {
            throw EmulatorProblem.Unauthorized("The x-api-key header is missing.");
        }
        if (!FixedTimeEquals(key, options.ApiKey))
        {
            throw EmulatorProblem.Unauthorized("The API key is invalid.");
        }
    }

    public void RequireBearerAndApiKey(EmulatorRequest request)
    {
        var authorization = request.Header("Authorization");
        if (string.IsNullOrWhiteSpace(authorization))
        {
            throw EmulatorProblem.Unauthorized("The access token is missing.");
        }
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw EmulatorProblem.Unauthorized("The Authorization header is not a Bearer token.");
        }
        switch (tokens.Check(authorization["Bearer ".Length..].Trim()))
        {
            case TokenState.Unknown:
                throw EmulatorProblem.Unauthorized("The access token is invalid.");
            case TokenState.Expired:
                throw EmulatorProblem.Unauthorized("The access token is expired.");
        }
        RequireApiKey(request);
    }

    /// <summary>True when the client credentials (Basic header or form fields) are the configured ones.</summary>
    public bool AreClientCredentialsValid(EmulatorRequest request, IReadOnlyDictionary<string, string> form)
    {
        string? id = null,
            secret = null;
        var authorization = request.Header("Authorization");
        if (authorization is not null && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    id = Uri.UnescapeDataString(pair[..colon]);
                    secret = Uri.UnescapeDataString(pair[(colon + 1)..]);
                }
            }
            catch (FormatException)
            {
                return false;
            }
        }
        else
        {
            form.TryGetValue("client_id", out id);
            form.TryGetValue("client_secret", out secret);
        }
        return id is not null
            && secret is not null
            && FixedTimeEquals(id, options.ClientId)
            && FixedTimeEquals(secret, options.ClientSecret);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
