using System.Net.Http.Headers;

namespace Purse;

/// <summary>
/// Step 7 of the call path (<see cref="PurseCallPath"/>): every answer is read whole, and bounded, before anything
/// parses it, inside the attempt's timeout. A success body over the limit (declared, or found while reading) is
/// refused without reading the rest; an error body is cut at <see cref="ErrorBodyLimit"/>, since only an excerpt of
/// it is ever kept. A body cut short by the network is a network failure (transient for a read).
/// </summary>
/// <param name="maxResponseSize">The most read of a success body: <see cref="PurseClientOptions.MaxResponseSize"/>, or
/// the token limit.</param>
/// <param name="limitName">How messages name the limit: <c>(PurseClientOptions.MaxResponseSize)</c>, <c>of a token
/// answer</c>.</param>
internal sealed class ResponseLimitHandler(long maxResponseSize, string limitName) : DelegatingHandler
{
    /// <summary>What is read of an error body: problem details are a few hundred bytes.</summary>
    public const int ErrorBodyLimit = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                var limit = (int)Math.Min(ErrorBodyLimit, maxResponseSize);
                response.Content = await TruncatedAsync(response.Content, limit, cancellationToken)
                    .ConfigureAwait(false);
            }
            else if (response.Content.Headers.ContentLength is > 0 and var declared && declared > maxResponseSize)
            {
                throw TooLarge(response, $"it declares {declared} bytes");
            }
            else
            {
                await response.Content.LoadIntoBufferAsync(maxResponseSize, cancellationToken).ConfigureAwait(false);
            }
            return response;
        }
        catch (Exception exception)
        {
            response.Dispose();
            if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded })
            {
                throw TooLarge(response, "it went past the limit while being read");
            }
            if (exception is IOException)
            {
                throw new HttpRequestException(
                    HttpRequestError.ResponseEnded,
                    "Purse's answer ended before its body was read whole.",
                    exception
                );
            }
            throw;
        }
    }

    private PurseFailure TooLarge(HttpResponseMessage response, string what) =>
        PurseFailure.Unreadable(
            (int)response.StatusCode,
            $"it is larger than {maxResponseSize} bytes, the most the client reads {limitName}: {what}, and the rest "
                + "was not read"
        );

    /// <summary>The first <paramref name="limit"/> bytes of an error body.</summary>
    private static async Task<HttpContent> TruncatedAsync(
        HttpContent content,
        int limit,
        CancellationToken cancellationToken
    )
    {
        var buffer = new byte[(int)Math.Min(limit, content.Headers.ContentLength ?? limit)];
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var length = await stream
            .ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
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
}
