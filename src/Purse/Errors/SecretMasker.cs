using System.Text;
using Microsoft.Extensions.Options;

namespace Purse;

/// <summary>
/// Masks the client secret, the API key and the access tokens this process obtained in any text
/// that leaves the client (exception messages, body excerpts), in case a server echoes them.
/// </summary>
internal sealed class SecretMasker
{
    private const int RememberedTokens = 8;
    private const string Mask = "***";

    private readonly IOptions<PurseClientOptions> _options;
    private readonly Queue<string> _tokens = new();
    private readonly Lock _gate = new();
    private string? _latest;

    public SecretMasker(IOptions<PurseClientOptions> options) => _options = options;

    /// <summary>Remembers an access token so that it is masked from now on.</summary>
    public void RememberToken(string token)
    {
        // Every call with a cached token comes here: the common case costs one comparison.
        if (ReferenceEquals(Volatile.Read(ref _latest), token))
        {
            return;
        }
        lock (_gate)
        {
            _latest = token;
            if (_tokens.Contains(token))
            {
                return;
            }
            _tokens.Enqueue(token);
            while (_tokens.Count > RememberedTokens)
            {
                _tokens.Dequeue();
            }
        }
    }

    /// <summary>
    /// Masks every known secret in <paramref name="text"/>. A server may echo a secret encoded
    /// (JSON <c>\u</c> escapes, percent-encoding): when a decoded view of the text shows one,
    /// the decoded view is returned, masked, so no encoding can carry a secret through.
    /// </summary>
    public string Apply(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var secrets = Secrets(_options.Value);
        var masked = Replace(text, secrets);
        if (masked.Contains('\\') || masked.Contains('%'))
        {
            var decoded = PercentDecode(JsonUnescape(masked));
            var maskedDecoded = Replace(decoded, secrets);
            if (!string.Equals(decoded, maskedDecoded, StringComparison.Ordinal))
            {
                return maskedDecoded;
            }
        }
        return masked;
    }

    /// <summary>A server value (header, problem field) fit for a message: masked, printable, bounded.</summary>
    public string? Printable(string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var masked = Apply(value.Trim());
        var builder = new StringBuilder(Math.Min(masked.Length, maxLength) + 1);
        foreach (var c in masked.AsSpan(0, Math.Min(masked.Length, maxLength)))
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }
        return masked.Length > maxLength ? builder.Append('…').ToString() : builder.ToString();
    }

    private static string Replace(string text, List<string> secrets)
    {
        if (secrets.TrueForAll(secret => !text.Contains(secret, StringComparison.OrdinalIgnoreCase)))
        {
            return text;
        }
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.OrdinalIgnoreCase);
        }
        return text;
    }

    /// <summary>Decodes every JSON string escape (<c>\\uXXXX</c>, <c>\\/</c>, <c>\\n</c>, ...).</summary>
    private static string JsonUnescape(string text)
    {
        if (!text.Contains('\\'))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                builder.Append(text[i]);
                continue;
            }
            var next = text[i + 1];
            if ((next == 'u' || next == 'U') && i + 5 < text.Length
                && ushort.TryParse(text.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                builder.Append((char)code);
                i += 5;
                continue;
            }
            builder.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', _ => next });
            i++;
        }
        return builder.ToString();
    }

    private static string PercentDecode(string text)
    {
        if (!text.Contains('%'))
        {
            return text;
        }
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    /// <summary>Bounds and masks a response body for an exception.</summary>
    public string? Excerpt(string? body, int maxLength = 512)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        // Mask before cutting, so that a secret straddling the cut cannot survive as a prefix.
        var masked = Apply(body.Trim());
        return masked.Length <= maxLength ? masked : string.Concat(masked.AsSpan(0, maxLength), "…");
    }

    private List<string> Secrets(PurseClientOptions options)
    {
        var secrets = new List<string>();
        void Add(string? value)
        {
            // Very short values would mask ordinary text; real credentials are long.
            if (!string.IsNullOrEmpty(value) && value.Length >= 6)
            {
                secrets.Add(value);
            }
        }
        Add(options.ClientSecret);
        Add(options.ApiKey);
        if (options.ClientId is not null && options.ClientSecret is not null)
        {
            Add(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ClientId}:{options.ClientSecret}")));
            // What Duende.IdentityModel sends: id and secret form-encoded before base64 (RFC 6749 2.3.1).
            Add(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(options.ClientId)}:{Uri.EscapeDataString(options.ClientSecret)}")));
        }
        lock (_gate)
        {
            foreach (var token in _tokens)
            {
                Add(token);
            }
        }
        // Longest first, so that a secret containing another is masked whole.
        secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        return secrets;
    }
}
