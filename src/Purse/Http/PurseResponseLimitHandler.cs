namespace Purse;

/// <summary>
/// Reads every response body whole and bounded in size before anything parses it, inside the
/// attempt's timeout. A success body over the limit (declared or streamed) ends in a
/// <see cref="PurseResponseException"/> without reading the excess; an error body is cut at
/// <see cref="ErrorBodyLimit"/>, since only an excerpt of it is ever kept.
/// </summary>
internal sealed class PurseResponseLimitHandler(long maxResponseSize) : DelegatingHandler
{
    /// <summary>What is read of an error body: problem details are a few hundred bytes.</summary>
    public const int ErrorBodyLimit = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sentTo = request.RequestUri;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (request.RequestUri != sentTo)
            {
                // A primary handler followed a redirect after all: whatever answered is not Purse.
                var host = request.RequestUri?.Host;
                throw new PurseRedirectException(
                    $"Purse's answer to {request.Method} {sentTo?.AbsolutePath} was a redirect that the HTTP handler followed to host '{host}'. " +
                    "Turn automatic redirects off on the primary handler you configured; the answer was not used.",
                    new PurseErrorResponse(null, null, null, null),
                    host);
            }
            if (response.IsSuccessStatusCode)
            {
                await BufferAsync(request, response, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                response.Content = await TruncatedAsync(response.Content, (int)Math.Min(ErrorBodyLimit, maxResponseSize), cancellationToken).ConfigureAwait(false);
            }
            return response;
        }
        catch (IOException exception)
        {
            // A body cut short is a network failure like any other (transient for a read).
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "Purse's answer ended before its body was read whole.", exception);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Buffers the body in the content itself (no copy), refusing more than the limit.</summary>
    private async Task BufferAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > 0 and var declared && declared > maxResponseSize)
        {
            throw TooLarge(request, response, $"it declares {declared} bytes");
        }
        try
        {
            await response.Content.LoadIntoBufferAsync(maxResponseSize, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw TooLarge(request, response, "it went past the limit while being read");
        }
    }

    /// <summary>The first <paramref name="limit"/> bytes of an error body.</summary>
    private static async Task<HttpContent> TruncatedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(limit, content.Headers.ContentLength ?? limit)];
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        // The content type tells a problem document from an HTML page; the length is now ours.
        var truncated = new ByteArrayContent(buffer, 0, length) { Headers = { ContentType = content.Headers.ContentType } };
        content.Dispose();
        return truncated;
    }

    private PurseResponseException TooLarge(HttpRequestMessage request, HttpResponseMessage response, string what) => new(
        $"Purse's answer to {request.Method} {request.RequestUri?.AbsolutePath} is larger than {maxResponseSize} bytes, " +
        $"the most the client reads (PurseClientOptions.MaxResponseSize): {what}, and the rest was not read." +
        (request.Method == HttpMethod.Get ? "" : " The request was probably carried out: read the resource again rather than repeating it."),
        response.StatusCode,
        bodyExcerpt: null,
        requestId: null);
}
