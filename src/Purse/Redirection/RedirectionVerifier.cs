using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Purse;

/// <summary>
/// Verifies redirection data against Purse's signing keys. The checks run in a fixed order and
/// the first failure is reported with its own <see cref="RedirectionFailure"/>: the token's
/// shape, its <c>alg</c> (asymmetric only), the header parameters and time claim types it does
/// not support, its <c>kid</c>, the key's strength and fit for the algorithm, then signature and
/// lifetime (by Microsoft.IdentityModel), then the claims. Nothing before the <c>kid</c> fetches keys.
/// </summary>
internal sealed class RedirectionVerifier : IRedirectionVerifier
{
    private readonly TimeProvider _timeProvider;
    private readonly RedirectionVerificationOptions _options;
    private readonly SigningKeyCache _keys;
    private readonly ILogger _logger;
    private readonly JsonWebTokenHandler _handler = new();

    public RedirectionVerifier(
        IJwksFetcher fetcher,
        TimeProvider timeProvider,
        RedirectionVerificationOptions options,
        ILogger<RedirectionVerifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _keys = new SigningKeyCache(fetcher, timeProvider, options, _logger);
    }

    public async Task<RedirectionData> VerifyAsync(string tokenOrReturnUrl, CancellationToken cancellationToken = default)
    {
        try
        {
            var data = await VerifyCoreAsync(tokenOrReturnUrl, cancellationToken).ConfigureAwait(false);
            PurseTelemetry.RedirectionVerifications.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OutcomeTag, "verified"));
            return data;
        }
        catch (PurseRedirectionException refused)
        {
            RedirectionLog.Refused(_logger, refused.Reason, refused.Message);
            PurseTelemetry.RedirectionVerifications.Add(1, new KeyValuePair<string, object?>(PurseTelemetry.OutcomeTag, refused.Reason.ToString()));
            throw;
        }
    }

    private async Task<RedirectionData> VerifyCoreAsync(string tokenOrReturnUrl, CancellationToken cancellationToken)
    {
        var compact = RedirectionToken.Extract(tokenOrReturnUrl);
        var unverified = ReadUnverified(compact);

        var alg = unverified.Alg;
        if (!SigningAlgorithms.IsAllowed(alg))
        {
            throw Refuse(RedirectionFailure.AlgorithmNotAllowed,
                $"The redirection data is signed with alg '{RedirectionLog.Printable(alg)}'; only {string.Join(", ", SigningAlgorithms.Allowed)} are accepted.");
        }

        // Header parameters and claim types are checked before any key is looked up: a token
        // that fails them never causes a JWKS fetch.
        JwsHeaderParameters.EnsureSupported(unverified.EncodedHeader);
        RegisteredTimeClaims.EnsureNumbers(unverified.EncodedPayload);

        var kid = unverified.Kid;
        if (string.IsNullOrEmpty(kid))
        {
            throw Refuse(RedirectionFailure.MissingKeyId, "The redirection data's header has no 'kid', so no signing key can be chosen.");
        }

        var key = await _keys.FindAsync(kid, cancellationToken).ConfigureAwait(false)
            ?? throw Refuse(RedirectionFailure.UnknownKeyId, $"Purse publishes no signing key with kid '{RedirectionLog.Printable(kid)}'.");

        if (KeyStrength.Weakness(key) is { } weakness)
        {
            throw Refuse(RedirectionFailure.WeakKey, $"The key '{RedirectionLog.Printable(kid)}' is too weak to trust: {weakness}.");
        }

        if (SigningAlgorithms.Mismatch(alg!, key) is { } mismatch)
        {
            throw Refuse(RedirectionFailure.KeyAlgorithmMismatch, $"The key '{RedirectionLog.Printable(kid)}' cannot verify this token: {mismatch}.");
        }

        var result = await _handler.ValidateTokenAsync(compact, Parameters(key)).ConfigureAwait(false);
        if (!result.IsValid)
        {
            throw Translate(result.Exception);
        }

        return RedirectionClaims.Read((JsonWebToken)result.SecurityToken);
    }

    private TokenValidationParameters Parameters(JsonWebKey key) => new()
    {
        // The one key named by kid, and only the asymmetric algorithms.
        IssuerSigningKey = key,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = SigningAlgorithms.Allowed,
        RequireSignedTokens = true,
        // Purse documents neither issuer nor audience for redirection data.
        ValidateIssuer = false,
        ValidateAudience = false,
        // exp (and nbf) are checked when present; Purse does not promise them.
        RequireExpirationTime = false,
        ValidateLifetime = true,
        ClockSkew = _options.ClockSkew,
        LifetimeValidator = ValidateLifetime,
        LogValidationExceptions = false,
    };

    // The library's own check reads the system clock; this one reads the injected TimeProvider
    // and throws the library's exceptions, so Translate maps both the same way.
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if (expires is { } exp && now - _options.ClockSkew > exp)
        {
            throw new SecurityTokenExpiredException("The token is expired.") { Expires = exp };
        }
        if (notBefore is { } nbf && now + _options.ClockSkew < nbf)
        {
            throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = nbf };
        }
        return true;
    }

    private static JsonWebToken ReadUnverified(string compact)
    {
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(compact);
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenException or System.Text.Json.JsonException or FormatException)
        {
            // The library refuses some mistyped time claims outright; name them as such.
            RegisteredTimeClaims.EnsureNumbersIfReadable(compact);
            throw Refuse(RedirectionFailure.Malformed, "The redirection data is not a compact JWS (header.payload.signature, base64url-encoded JSON).", exception);
        }
        if (token.IsEncrypted)
        {
            throw Refuse(RedirectionFailure.Malformed, "The redirection data is an encrypted JWE, not a signed JWS.");
        }
        return token;
    }

    private static PurseRedirectionException Translate(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException expired => Refuse(RedirectionFailure.Expired,
            $"The redirection data expired at {expired.Expires:O}.", expired),
        SecurityTokenNotYetValidException early => Refuse(RedirectionFailure.NotYetValid,
            $"The redirection data is not valid before {early.NotBefore:O}.", early),
        SecurityTokenInvalidAlgorithmException algorithm => Refuse(RedirectionFailure.AlgorithmNotAllowed,
            "The redirection data's algorithm is not accepted.", algorithm),
        SecurityTokenSignatureKeyNotFoundException notFound => Refuse(RedirectionFailure.UnknownKeyId,
            "No signing key matches the redirection data.", notFound),
        SecurityTokenInvalidSignatureException signature => Refuse(RedirectionFailure.InvalidSignature,
            "The redirection data's signature does not match its content: it was altered or not signed by Purse.", signature),
        SecurityTokenMalformedException malformed => Refuse(RedirectionFailure.Malformed,
            "The redirection data is not a well-formed JWS.", malformed),
        _ => Refuse(RedirectionFailure.ValidationFailed,
            $"The redirection data was refused: {exception?.Message ?? "no reason given"}", exception),
    };

    private static PurseRedirectionException Refuse(RedirectionFailure reason, string message, Exception? inner = null) =>
        new(reason, message, inner);
}
