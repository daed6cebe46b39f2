using Newtonsoft.Json;
using Purse.Models.Serialization;

namespace Purse.Models;

// Extends the generated Link (schema Link: {href, method}). Purse documents links.hosted_page as a
// plain URL string (https://docs.purse.tech/docs/integrate/purse-checkout/hosted-page), so a link
// is read from either shape and written back in the shape it was read in.
[JsonConverter(typeof(LinkJsonConverter))]
public partial class Link
{
    /// <summary>
    /// True when the link arrived as a plain URL string (as <c>links.hosted_page</c> is documented)
    /// rather than an <c>{href, method}</c> object; it is then written back as a string.
    /// </summary>
    [JsonIgnore]
    public bool IsPlainUrl { get; set; }

    /// <summary><see cref="Href"/> as an absolute URI, or null when it is missing or not an absolute URI.</summary>
    [JsonIgnore]
    public Uri? Url => Uri.TryCreate(Href, UriKind.Absolute, out var uri) ? uri : null;

    /// <summary>A link read from a plain URL string.</summary>
    public static Link FromUrl(string url) => new() { Href = url, IsPlainUrl = true };
}
