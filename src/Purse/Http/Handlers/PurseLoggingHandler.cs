namespace Purse;

/// <summary>
/// Step 9 of the call path (<see cref="PurseCallPath"/>): one log line per exchange with Purse (method, path without
/// query, status, duration); never headers or bodies, so neither credentials nor payment data reach the logs. It
/// replaces IHttpClientFactory's default loggers, which would log full URIs and, at trace level, headers. Its
/// category (<c>Purse.PurseLoggingHandler</c>) is what applications filter on.
/// </summary>
internal sealed partial class PurseLoggingHandler(ILogger<PurseLoggingHandler> logger, TimeProvider time)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var started = time.GetTimestamp();
        var path = request.RequestUri?.AbsolutePath ?? "";
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            LogExchange(
                logger,
                request.Method.Method,
                path,
                (int)response.StatusCode,
                time.GetElapsedTime(started).TotalMilliseconds
            );
            return response;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            LogFailure(
                logger,
                request.Method.Method,
                path,
                exception.GetType().Name,
                time.GetElapsedTime(started).TotalMilliseconds
            );
            throw;
        }
    }

    // Debug: one line per exchange is too much for an application logging at Information.
    [LoggerMessage(
        EventId = 10,
        Level = LogLevel.Debug,
        Message = "Purse HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms"
    )]
    private static partial void LogExchange(
        ILogger logger,
        string method,
        string path,
        int statusCode,
        double elapsedMs
    );

    [LoggerMessage(
        EventId = 11,
        Level = LogLevel.Warning,
        Message = "Purse HTTP {Method} {Path} failed with {ErrorType} after {ElapsedMs:0.0} ms"
    )]
    private static partial void LogFailure(
        ILogger logger,
        string method,
        string path,
        string errorType,
        double elapsedMs
    );
}
