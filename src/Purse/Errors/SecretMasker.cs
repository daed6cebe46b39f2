using System.Globalization;
using System.Text.RegularExpressions;
using Duende.IdentityModel.Client;

namespace Purse;

/// <summary>
/// Masks the client secret, the API key and the access tokens this process obtained in any text
/// that leaves the client (exception messages, body excerpts), in case a server echoes them.
/// </summary>
internal sealed partial class SecretMasker([FromKeyedServices] IOptions<PurseClientOptions> options)
{
    private const int RememberedTokens = 8;
    private const string Mask = "***";

    private readonly Lock _gate = new();
    private volatile string[] _tokens = [];

    /// <summary>Remembers an access token so that it is masked from now on (the last few distinct ones are
    /// kept).</summary>
    public void RememberToken(string token)
    {
        // Every call with a cached token comes here: a known token is found among the few remembered ones, without a
        // lock.
        if (_tokens.Contains(token))
            return;
        lock (_gate)
        {
            _tokens = _tokens.Contains(token) ? _tokens : [token, .. _tokens.Take(RememberedTokens - 1)];
        }
    }

    /// <summary>
    /// Masks every known secret in <paramref name="text"/>. A server may echo a secret encoded
    /// (JSON <c>\u</c> escapes, percent-encoding): when a decoded view of the text shows one,
    /// the decoded view is returned, masked, so no encoding can carry a secret through.
    /// </summary>
    public string Apply(string text)
    {
        var secrets = Secrets();
        var masked = Replace(text, secrets);
        if (!masked.Contains('\\') && !masked.Contains('%'))
            return masked;
        // Uri.UnescapeDataString leaves an invalid escape as it is.
        var decoded = Uri.UnescapeDataString(JsonUnescape(masked));
        var maskedDecoded = Replace(decoded, secrets);
        return string.Equals(decoded, maskedDecoded, StringComparison.Ordinal) ? masked : maskedDecoded;
    }

    /// <summary>
    /// Masks the value of every token field (<c>access_token</c>, <c>refresh_token</c>, <c>id_token</c>) whatever the
    /// format: JSON, form-encoded, plain text, escaped. A token answer that could not be read never taught the masker
    /// its token, so its body is masked by shape before any of it is kept.
    /// </summary>
    public static string MaskTokenFields(string text)
    {
        var masked = TokenField().Replace(text, MaskedTokenField);
        if (!masked.Contains('\\') && !masked.Contains('%'))
            return masked;
        // A field name or value may be escaped (access\u005ftoken, at%2D...): look again at the decoded view.
        var decoded = Uri.UnescapeDataString(JsonUnescape(masked));
        var maskedDecoded = TokenField().Replace(decoded, MaskedTokenField);
        return string.Equals(decoded, maskedDecoded, StringComparison.Ordinal) ? masked : maskedDecoded;
    }

    /// <summary>A server value (header, problem field) fit for a message: masked, printable, bounded.</summary>
    public string? Printable(string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : string.Concat(Bound(Apply(value.Trim()), maxLength).Select(c => ShowsAsIs(c) ? c : '?'));

    /// <summary>
    /// Whether a character of server text can be shown as it is: not a control character, nor a line or paragraph
    /// separator (U+2028, U+2029: line breaks to JavaScript-based log viewers), nor an invisible format character
    /// (bidirectional overrides such as U+202E reverse the text that follows).
    /// </summary>
    private static bool ShowsAsIs(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c)
            is not (
                UnicodeCategory.Control
                or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Format
            );

    /// <summary>Bounds and masks a response body for an exception.</summary>
    /// <remarks>Masks before cutting, so that a secret straddling the cut cannot survive as a prefix.</remarks>
    public string? Excerpt(string? body, int maxLength = 512) =>
        string.IsNullOrWhiteSpace(body) ? null : Bound(Apply(body.Trim()), maxLength);

    /// <summary>The first <paramref name="max"/> characters of <paramref name="text"/>, with an ellipsis when
    /// cut.</summary>
    private static string Bound(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static string Replace(string text, List<string> secrets) =>
        secrets.Aggregate(text, (current, secret) => current.Replace(secret, Mask, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Decodes every JSON string escape (<c>\\uXXXX</c>, <c>\\/</c>, <c>\\n</c>, ...), leniently: an unknown one
    /// is the character itself, a lone backslash stays.
    /// </summary>
    private static string JsonUnescape(string text) =>
        JsonEscape()
            .Replace(text, escape => escape.Groups[1].Success
                    ? (
                        (char)
                            ushort.Parse(
                                escape.Groups[1].ValueSpan,
                                NumberStyles.AllowHexSpecifier,
                                CultureInfo.InvariantCulture
                            )
                    ).ToString()
                    : escape.Groups[2].Value switch
                    {
                        "n" => "\n",
                        "r" => "\r",
                        "t" => "\t",
                        "b" => "\b",
                        "f" => "\f",
                        var next => next,
                    });

    [GeneratedRegex(@"\\(?:[uU]([0-9a-fA-F]{4})|(.))", RegexOptions.Singleline)]
    private static partial Regex JsonEscape();

    private const string MaskedTokenField = "${name}${separator}" + Mask;

    // A token field's name, its separator (quotes, ':' or '='), then its value up to a delimiter of JSON, forms
    // or text.
    [GeneratedRegex(
        @"(?<name>access_token|refresh_token|id_token)(?<separator>[""']?\s*[:=]\s*[""']?)(?<value>[^\s""'&,;}\]]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant
    )]
    private static partial Regex TokenField();

    private List<string> Secrets()
    {
        var current = options.Value;
        // The Basic credentials as Duende.IdentityModel sends them (form-encoded before base64, RFC 6749 2.3.1), and
        // plain.
        string?[] basic = current is { ClientId: { } id, ClientSecret: { } secret }
            ?
            [
                BasicAuthenticationOAuthHeaderValue.EncodeCredential(id, secret),
                BasicAuthenticationHeaderValue.EncodeCredential(id, secret),
            ]
            : [];
        // Very short values would mask ordinary text (real credentials are long); the longest go
        // first, so that a secret containing another is masked whole.
        string?[] secrets = [current.ClientSecret, current.ApiKey, .. basic, .. _tokens];
        return [.. secrets.OfType<string>().Where(s => s.Length >= 6).OrderByDescending(s => s.Length)];
    }
}
