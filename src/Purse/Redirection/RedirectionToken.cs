namespace Purse;

/// <summary>
/// Finds the compact JWS in what a merchant receives: the bare token, the full return URL
/// (<c>https://shop.example/return?purse-redirection-data=eyJ...</c>), a relative URL or just
/// its query string.
/// </summary>
internal static class RedirectionToken
{
    /// <summary>The query parameter Purse appends to the <c>shopper_redirection_url</c>.</summary>
    public const string QueryParameter = "purse-redirection-data";

    // Real tokens are well under 2 KB; anything far larger is not worth parsing.
    private const int MaxLength = 16 * 1024;

    public static string Extract(string tokenOrReturnUrl)
    {
        ArgumentNullException.ThrowIfNull(tokenOrReturnUrl);
        var text = tokenOrReturnUrl.Trim();
        if (text.Length == 0)
        {
            throw Malformed("The redirection data is empty.");
        }
        if (text.Length > MaxLength)
        {
            throw Malformed($"The redirection data is {text.Length} characters long, more than the {MaxLength} accepted.");
        }

        // A compact JWS is base64url and dots only: a '?' or '=' means a URL or a query string.
        var queryStart = text.IndexOf('?');
        if (queryStart < 0 && !text.Contains('='))
        {
            return text;
        }

        var query = queryStart < 0 ? text : text[(queryStart + 1)..];
        var fragmentStart = query.IndexOf('#');
        if (fragmentStart >= 0)
        {
            query = query[..fragmentStart];
        }

        string? token = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=');
            var name = Unescape(separator < 0 ? pair : pair[..separator]);
            if (!string.Equals(name, QueryParameter, StringComparison.Ordinal))
            {
                continue;
            }
            if (token is not null)
            {
                // Two values: which one would the merchant's framework bind? Refuse the ambiguity.
                throw Malformed($"The return URL carries '{QueryParameter}' more than once.");
            }
            token = separator < 0 ? "" : Unescape(pair[(separator + 1)..]).Trim();
        }

        return token switch
        {
            null => throw Malformed($"The return URL has no '{QueryParameter}' query parameter."),
            "" => throw Malformed($"The return URL's '{QueryParameter}' parameter is empty."),
            _ => token,
        };
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static PurseRedirectionException Malformed(string message) => new(RedirectionFailure.Malformed, message);
}
