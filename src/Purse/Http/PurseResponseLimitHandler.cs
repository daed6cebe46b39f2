namespace Purse;

/// <summary>
/// Reads every response body whole, inside the caller's timeouts, and bounded in size, before
/// anything parses it. It sits inside the resilience handler, so the per-attempt and total
/// timeouts cover the body and not only the headers. A success body over the limit (declared or
/// streamed) ends in a <see cref="PurseResponseException"/> without reading the excess; an error
/// body is cut at <see cref="ErrorBodyLimit"/>, since only an excerpt of it is ever kept.
/// </summary>
internal sealed class PurseResponseLimitHandler(long maxResponseSize, TimeProvider time) : DelegatingHandler
{
    /// <summary>What is read of an error body: problem details are a few hundred bytes.</summary>
    public const int ErrorBodyLimit = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        PurseResilience.MarkStart(request, time);
        var sentTo = request.RequestUri;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.RequestUri != sentTo)
        {
            // A primary handler followed a redirect after all: whatever answered is not Purse.
            var host = request.RequestUri?.Host;
            response.Dispose();
            throw new PurseRedirectException(
                $"Purse's answer to {request.Method} {sentTo?.AbsolutePath} was a redirect that the HTTP handler followed to host '{host}'. " +
                "Turn automatic redirects off on the primary handler you configured; the answer was not used.",
                new PurseErrorResponse(null, null, null, null),
                host);
        }
        // The retry strategy reads the call's start from the request it answers.
        response.RequestMessage ??= request;
        try
        {
            var isError = !response.IsSuccessStatusCode;
            var limit = isError ? Math.Min(ErrorBodyLimit, maxResponseSize) : maxResponseSize;
            var declared = response.Content.Headers.ContentLength;
            if (!isError && declared > limit)
            {
                throw TooLarge(request, response, $"it declares {declared} bytes");
            }
            ArraySegment<byte>? read;
            try
            {
                read = await ReadAsync(response.Content, limit, declared, truncate: isError, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                // A body cut short is a network failure like any other (transient for a read).
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "Purse's answer ended before its body was read whole.", exception);
            }
            var body = read ?? throw TooLarge(request, response, "it went past the limit while being read");
            response.Content = Buffered(response.Content, body);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (unless cut to it).</summary>
    private static async Task<ArraySegment<byte>?> ReadAsync(HttpContent content, long limit, long? declared, bool truncate, CancellationToken cancellationToken)
    {
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        // One byte more than declared, so that the end of the body is seen without growing.
        var buffer = new byte[(int)Math.Min(limit, declared ?? 16 * 1024) + 1];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    if (!truncate)
                    {
                        return null;
                    }
                    return new ArraySegment<byte>(buffer, 0, (int)limit);
                }
                Array.Resize(ref buffer, (int)Math.Min(limit + 1, (long)buffer.Length * 2));
            }
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return new ArraySegment<byte>(buffer, 0, length);
            }
            length += read;
        }
    }

    private static ByteArrayContent Buffered(HttpContent original, ArraySegment<byte> body)
    {
        var buffered = new ByteArrayContent(body.Array!, body.Offset, body.Count);
        foreach (var header in original.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        original.Dispose();
        return buffered;
    }

    private PurseResponseException TooLarge(HttpRequestMessage request, HttpResponseMessage response, string what) => new(
        $"Purse's answer to {request.Method} {request.RequestUri?.AbsolutePath} is larger than {maxResponseSize} bytes, " +
        $"the most the client reads (PurseClientOptions.MaxResponseSize): {what}, and the rest was not read.{(request.Method == HttpMethod.Get ? "" : " The request was probably carried out: read the resource again rather than repeating it.")}",
        response.StatusCode,
        bodyExcerpt: null,
        requestId: null);
}
