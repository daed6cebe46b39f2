using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Purse;

/// <summary>
/// Verifies redirection data against Purse's signing keys. The checks run in a fixed order and
/// the first failure is reported with its own <see cref="RedirectionFailure"/>: the token's
/// shape, its <c>alg</c> (asymmetric only), the header parameters and time claim types it does
/// not support, its <c>kid</c>, the key's strength and fit for the algorithm, then signature and
/// lifetime (by Microsoft.IdentityModel), then the claims. Nothing before the <c>kid</c> fetches keys:
/// the library would check the algorithm only after resolving the key.
/// </summary>
internal sealed class RedirectionVerifier(
    IJwksFetcher fetcher,
    TimeProvider timeProvider,
    RedirectionVerificationOptions options,
    ILogger<RedirectionVerifier>? logger = null
) : IRedirectionVerifier
{
    private readonly SigningKeyCache _keys = new(
        fetcher ?? throw new ArgumentNullException(nameof(fetcher)),
        timeProvider ?? throw new ArgumentNullException(nameof(timeProvider)),
        options ?? throw new ArgumentNullException(nameof(options)),
        (ILogger?)logger ?? NullLogger.Instance
    );
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly RedirectionVerificationOptions _options = options;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly JsonWebTokenHandler _handler = new();

    public async Task<RedirectionData> VerifyAsync(
        string tokenOrReturnUrl,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            var data = await VerifyCoreAsync(tokenOrReturnUrl, cancellationToken).ConfigureAwait(false);
            Count("verified");
            return data;
        }
        catch (PurseRedirectionDataException refused)
        {
            RedirectionLog.Refused(_logger, refused.Reason, refused.Message);
            Count(refused.Reason.ToString());
            throw;
        }
    }

    private async Task<RedirectionData> VerifyCoreAsync(string tokenOrReturnUrl, CancellationToken cancellationToken)
    {
        var compact = RedirectionToken.Extract(tokenOrReturnUrl);
        var unverified = ReadUnverified(compact);
        var alg = unverified.Alg;
        if (!SigningPolicy.IsAllowed(alg))
            throw Refuse(
                RedirectionFailure.AlgorithmNotAllowed,
                $"The redirection data is signed with alg '{RedirectionLog.Printable(alg)}'; only "
                    + $"{string.Join(", ", SigningPolicy.Algorithms)} are accepted."
            );
        RedirectionToken.EnsureSupportedHeader(unverified);
        RedirectionToken.EnsureTimeClaimsAreNumbers(compact);

        var kid = unverified.Kid;
        if (string.IsNullOrEmpty(kid))
            throw Refuse(
                RedirectionFailure.MissingKeyId,
                "The redirection data's header has no 'kid', so no signing key can be chosen."
            );
        var printableKid = RedirectionLog.Printable(kid);
        var key = await _keys.FindAsync(kid, cancellationToken).ConfigureAwait(false)
            ?? throw Refuse(
                RedirectionFailure.UnknownKeyId,
                $"Purse publishes no signing key with kid '{printableKid}'."
            );
        if (SigningPolicy.Weakness(key) is { } weakness)
            throw Refuse(RedirectionFailure.WeakKey, $"The key '{printableKid}' is too weak to trust: {weakness}.");
        if (SigningPolicy.Mismatch(alg!, key) is { } mismatch)
            throw Refuse(
                RedirectionFailure.KeyAlgorithmMismatch,
                $"The key '{printableKid}' cannot verify this token: {mismatch}."
            );

        // The token read above, not its text: the library does not parse it again.
        var result = await _handler.ValidateTokenAsync(unverified, Parameters(key)).ConfigureAwait(false);
        return result.IsValid
            ? RedirectionToken.ReadClaims((JsonWebToken)result.SecurityToken)
            : throw Translate(result.Exception);
    }

    // The one key named by kid (the library then reports every failure as a bad signature). The alg
    // was checked above; the library's ValidAlgorithms would only repeat it. A LifetimeValidator
    // replaces the library's lifetime check, RequireExpirationTime and ClockSkew with it.
    private TokenValidationParameters Parameters(JsonWebKey key) =>
        new()
        {
            IssuerSigningKey = key,
            RequireSignedTokens = true,
            // Purse documents neither issuer nor audience for redirection data.
            ValidateIssuer = false,
            ValidateAudience = false,
            LifetimeValidator = ValidateLifetime,
            LogValidationExceptions = false,
        };

    // The library's own check reads the system clock (its TimeProvider is internal); this one reads
    // the injected TimeProvider and throws the library's exceptions, which Translate maps.
    private bool ValidateLifetime(
        DateTime? notBefore,
        DateTime? expires,
        SecurityToken token,
        TokenValidationParameters parameters
    )
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if (expires is { } exp && now - _options.ClockSkew > exp)
            throw new SecurityTokenExpiredException("The token is expired.") { Expires = exp };
        if (notBefore is { } nbf && now + _options.ClockSkew < nbf)
            throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = nbf };
        return true;
    }

    // JsonWebToken throws ArgumentException (SecurityTokenMalformedException among them) for a bad
    // shape, header or payload, and FormatException for a JWE part that is not base64url.
    private static JsonWebToken ReadUnverified(string compact)
    {
        try
        {
            var token = new JsonWebToken(compact);
            return token.IsEncrypted
                ? throw Refuse(
                    RedirectionFailure.Malformed,
                    "The redirection data is an encrypted JWE, not a signed JWS."
                )
                : token;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            // The library refuses some mistyped time claims outright; name them as such.
            RedirectionToken.EnsureTimeClaimsAreNumbers(compact);
            throw Refuse(
                RedirectionFailure.Malformed,
                "The redirection data is not a compact JWS (header.payload.signature, base64url-encoded JSON).",
                exception
            );
        }
    }

    // With one key resolved by kid, the library fails a token only for its signature (whatever the
    // cause) or in ValidateLifetime; anything else would be a change in the library, reported as such.
    private static PurseRedirectionDataException Translate(Exception? exception) =>
        exception switch
        {
            SecurityTokenExpiredException expired => Refuse(
                RedirectionFailure.Expired,
                $"The redirection data expired at {expired.Expires:O}.",
                expired
            ),
            SecurityTokenNotYetValidException early => Refuse(
                RedirectionFailure.NotYetValid,
                $"The redirection data is not valid before {early.NotBefore:O}.",
                early
            ),
            SecurityTokenInvalidSignatureException signature => Refuse(
                RedirectionFailure.InvalidSignature,
                "The redirection data's signature does not match its content: it was altered or not signed by Purse.",
                signature
            ),
            _ => Refuse(
                RedirectionFailure.ValidationFailed,
                $"The redirection data was refused: {exception?.Message ?? "no reason given"}",
                exception
            ),
        };

    private static void Count(string outcome) =>
        PurseTelemetry.RedirectionVerifications.Add(
            1,
            new KeyValuePair<string, object?>(PurseTelemetry.OutcomeTag, outcome)
        );

    private static PurseRedirectionDataException Refuse(
        RedirectionFailure reason,
        string message,
        Exception? inner = null
    ) => new(reason, message, inner);
}

/// <summary>
/// Creates the verifier on first use. Its options are read then, so invalid options fail at
/// start or at the first verification rather than when <see cref="IPurseClient"/> is resolved;
/// a failed creation is not cached.
/// </summary>
internal sealed class DeferredRedirectionVerifier(Func<IRedirectionVerifier> create) : IRedirectionVerifier
{
    private readonly Lazy<IRedirectionVerifier> _verifier = new(create, LazyThreadSafetyMode.PublicationOnly);

    public Task<RedirectionData> VerifyAsync(string tokenOrReturnUrl, CancellationToken cancellationToken = default) =>
        _verifier.Value.VerifyAsync(tokenOrReturnUrl, cancellationToken);
}
