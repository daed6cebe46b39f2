using System.Net.Http.Headers;

namespace Purse;

/// <summary>
/// What <see cref="PurseLoggingHandler"/> refuses in an answer: a redirect a primary handler followed after all,
/// a success body over the limit (declared or streamed: <see cref="PurseResponseException"/>, the excess not
/// read); an error body is cut at <see cref="ErrorBodyLimit"/>, since only an excerpt of it is ever kept.
/// </summary>
internal static class ResponseLimit
{
    /// <summary>What is read of an error body: problem details are a few hundred bytes.</summary>
    public const int ErrorBodyLimit = 64 * 1024;

    /// <summary>Whatever answered after a redirect is not Purse.</summary>
    public static void RefuseRedirected(HttpRequestMessage request, Uri? sentTo)
    {
        if (request.RequestUri != sentTo)
        {
            var host = request.RequestUri?.Host;
            throw new PurseRedirectException(
                $"Purse's answer to {request.Method} {sentTo?.AbsolutePath} was a redirect that the HTTP handler followed to host '{host}'. " +
                "Turn automatic redirects off on the primary handler you configured; the answer was not used.",
                new PurseErrorResponse(null, null, null, null),
                host);
        }
    }

    /// <summary>The first <paramref name="limit"/> bytes of an error body.</summary>
    public static async Task<HttpContent> TruncatedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(limit, content.Headers.ContentLength ?? limit)];
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        // The content type tells a problem document from an HTML page; the length is now ours. A charset .NET
        // cannot decode (windows-1252 on a gateway's page) would hide the status behind an unreadable body: dropped.
        var type = content.Headers.ContentType;
        if (type?.CharSet is { } charset && !IsKnown(charset))
        {
            type = new MediaTypeHeaderValue(type.MediaType ?? "application/octet-stream");
        }
        var truncated = new ByteArrayContent(buffer, 0, length) { Headers = { ContentType = type } };
        content.Dispose();
        return truncated;
    }

    private static bool IsKnown(string charset)
    {
        try
        {
            return System.Text.Encoding.GetEncoding(charset.Trim('"')) is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A success answer over the limit; <paramref name="apiCall"/>: an API call (else the token endpoint's answer).</summary>
    public static PurseResponseException TooLarge(HttpRequestMessage request, HttpResponseMessage response, long limit, bool apiCall, string what) => new(
        $"Purse's answer to {request.Method} {request.RequestUri?.AbsolutePath} is larger than {limit} bytes, the most the client reads " +
        $"{(apiCall ? "(PurseClientOptions.MaxResponseSize)" : "of a token answer")}: {what}, and the rest was not read.",
        response.StatusCode,
        bodyExcerpt: null,
        requestId: null);
}
