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

    public SecretMasker(IOptions<PurseClientOptions> options) => _options = options;

    /// <summary>Remembers an access token so that it is masked from now on.</summary>
    public void RememberToken(string token)
    {
        lock (_gate)
        {
            _tokens.Enqueue(token);
            while (_tokens.Count > RememberedTokens)
            {
                _tokens.Dequeue();
            }
        }
    }

    public string Apply(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var options = _options.Value;
        var builder = new StringBuilder(text);
        foreach (var secret in Secrets(options))
        {
            builder.Replace(secret, Mask);
        }
        return builder.ToString();
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
