namespace Purse;

/// <summary>
/// The one handler of each exchange with Purse (one async layer, not one per concern): it logs the exchange
/// (method, path without query, status, duration; never headers or bodies, so neither credentials nor payment
/// data reach the logs) and reads the answer whole and bounded before anything parses it, inside the attempt's
/// timeout (<see cref="ResponseLimit"/>). It replaces IHttpClientFactory's default loggers, which would log full
/// URIs and, at trace level, headers.
/// </summary>
internal sealed partial class PurseLoggingHandler(ILogger<PurseLoggingHandler> logger, TimeProvider time, long maxResponseSize, bool apiCalls = true) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (sentTo, path) = (request.RequestUri, request.RequestUri?.AbsolutePath ?? "");
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            LogFailure(logger, request.Method.Method, path, exception.GetType().Name, time.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        LogExchange(logger, request.Method.Method, path, (int)response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            ResponseLimit.RefuseRedirected(request, sentTo);
            if (!response.IsSuccessStatusCode)
            {
                response.Content = await ResponseLimit.TruncatedAsync(response.Content, (int)Math.Min(ResponseLimit.ErrorBodyLimit, maxResponseSize), cancellationToken)
                    .ConfigureAwait(false);
            }
            else if (response.Content.Headers.ContentLength is > 0 and var declared && declared > maxResponseSize)
            {
                throw ResponseLimit.TooLarge(request, response, maxResponseSize, apiCalls, $"it declares {declared} bytes");
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
                throw ResponseLimit.TooLarge(request, response, maxResponseSize, apiCalls, "it went past the limit while being read");
            }
            if (exception is IOException)
            {
                // A body cut short is a network failure like any other (transient for a read).
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "Purse's answer ended before its body was read whole.", exception);
            }
            throw;
        }
    }

    // Debug: one line per exchange is too much for an application logging at Information.
    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Purse HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogExchange(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Purse HTTP {Method} {Path} failed with {ErrorType} after {ElapsedMs:0.0} ms")]
    private static partial void LogFailure(ILogger logger, string method, string path, string errorType, double elapsedMs);
}
