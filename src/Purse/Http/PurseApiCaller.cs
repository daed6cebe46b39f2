using System.Diagnostics;
using Newtonsoft.Json;
using Polly;
using Polly.Timeout;
using Purse.Models.Serialization;

namespace Purse;

/// <summary>
/// Runs one call of the generated raw client inside the resilience pipeline, with its span and
/// duration metric, and turns every way it can fail into a <see cref="PurseException"/> subtype.
/// The raw client reads bodies as strings, so every <see cref="RawApiException"/> carries the body:
/// an error status becomes the matching <see cref="PurseApiException"/>; a 2xx the spec does not list
/// (its 201s are inferred) is read here. RawApiException never leaves this class.
/// </summary>
internal sealed class PurseApiCaller(
    IHttpClientFactory httpClientFactory, PurseResilience resilience, PurseErrorMapper errors, SecretMasker masker, PurseCallScope? callScope = null)
{
    /// <summary>
    /// Calls Purse. <paramref name="operation"/> (e.g. <c>GET payment/v2/payments/{id}</c>) names the call in
    /// messages and telemetry; a GET is retried when that is safe, anything else is sent once. With
    /// <paramref name="about"/>, the answer must be about that resource.
    /// </summary>
    public async Task<T> CallAsync<T>(string operation, Func<IRawPurseClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken, Guid? about = null)
        where T : class
    {
        using var scope = callScope?.Begin();
        var isRead = operation.StartsWith("GET ", StringComparison.Ordinal);
        // A client per call lets IHttpClientFactory rotate its handlers although the facade is a singleton.
        var http = httpClientFactory.CreateClient(PurseHttpClients.Api);
        var started = Stopwatch.GetTimestamp();
        using var activity = PurseTelemetry.StartOperation(operation, http.BaseAddress);
        var context = resilience.Start(operation, cancellationToken);
        try
        {
            T result;
            try
            {
                result = await (isRead ? resilience.Reads : resilience.Writes).ExecuteAsync(
                    static (context, state) => state.self.AttemptAsync(state.operation, state.isRead, state.call, state.raw, context.CancellationToken),
                    context,
                    (self: this, operation, isRead, call, raw: new RawPurseClient(http) { ReadResponseAsString = true })).ConfigureAwait(false);
            }
            catch (PurseAttemptFailure failure)
            {
                throw failure.Error;
            }
            // The caller's own cancellation stays an OperationCanceledException.
            catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or OperationCanceledException
                && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw new PurseConnectionException(exception is HttpRequestException unreachable
                    ? $"Purse could not be reached for {operation} ({unreachable.HttpRequestError}).{MayHaveHappened(isRead)}"
                    : $"Purse did not answer {operation} in time.{MayHaveHappened(isRead)}", isTimeout: exception is not HttpRequestException, exception);
            }
            var (id, what) = result switch { Payment p => (p.Id, "payment"), ClientSession s => (s.Id, "client session"), PaymentLink l => (l.Id, "payment link"), _ => ((Guid?)null, "") };
            // An answer about another resource than the one asked for (a proxy or cache mix-up) is never handed out.
            if (about is { } asked && id != asked)
            {
                throw new PurseResponseException(
                    $"Purse was asked about {what} {asked} and answered about {what} {id}; that answer is not used.", statusCode: null, bodyExcerpt: null, requestId: null);
            }
            activity?.SetTag("purse.resource.id", id);
            PurseTelemetry.RecordOperation(operation, PurseTelemetry.Success, started);
            return result;
        }
        catch (Exception exception)
        {
            PurseTelemetry.Fail(activity, exception);
            PurseTelemetry.RecordOperation(operation, PurseTelemetry.Outcome(exception), started);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// One attempt. Whatever Purse answered leaves as a typed exception inside a <see cref="PurseAttemptFailure"/>,
    /// so that Polly's logs and listeners never see a body (the generated exception's message quotes it).
    /// </summary>
    private async ValueTask<T> AttemptAsync<T>(string operation, bool isRead, Func<IRawPurseClient, CancellationToken, Task<T>> call, RawPurseClient raw, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await call(raw, cancellationToken).ConfigureAwait(false);
        }
        catch (RawApiException answer) when (answer.StatusCode is >= 200 and < 300)
        {
            return ReadSuccess<T>(operation, answer);
        }
        catch (RawApiException answer)
        {
            throw new PurseAttemptFailure(
                errors.FromResponse(operation, isRead, answer.StatusCode, answer.Response, answer.Headers), answer.StatusCode, errors.RetryAfter(answer.Headers));
        }
        // A converter may fail outside the raw client's own JSON handling, and HttpContent refuses a charset it does
        // not know (InvalidOperationException): the body cannot be read, and the message may quote it.
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidCastException or OverflowException or ArgumentException
            or InvalidOperationException and not ObjectDisposedException)
        {
            throw new PurseAttemptFailure(Unreadable(operation, null, null, null, exception.GetType().Name), status: null, retryAfter: null);
        }
    }

    private T ReadSuccess<T>(string operation, RawApiException answer)
        where T : class
    {
        var (status, body, requestId) = ((HttpStatusCode)answer.StatusCode, answer.Response, errors.RequestId(answer.Headers));
        if (string.IsNullOrWhiteSpace(body))
        {
            throw Unreadable(operation, status, body, requestId, "empty body");
        }
        try
        {
            return JsonConvert.DeserializeObject<T>(body, PurseJson.Settings) ?? throw Unreadable(operation, status, body, requestId, "null body");
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw Unreadable(operation, status, body, requestId, exception switch
            {
                // Where the JSON went wrong, without echoing values (Newtonsoft quotes them in its messages).
                JsonReaderException reader => $"invalid JSON at '{reader.Path}', line {reader.LineNumber}, position {reader.LinePosition}",
                JsonSerializationException { Message: var message } => message.Length <= 300 ? message : message[..300] + "…",
                _ => exception.GetType().Name,
            });
        }
    }

    private PurseResponseException Unreadable(string operation, HttpStatusCode? status, string? body, string? requestId, string reason) => new(
        $"Purse answered {(status is null ? "" : $"{(int)status} ")}to {operation}, but the body cannot be read ({masker.Apply(reason)}). " +
        "The request was probably carried out: read the resource again rather than repeating it." + (requestId is null ? "" : $" Request id: {requestId}."),
        status,
        masker.Excerpt(body),
        requestId);

    private static string MayHaveHappened(bool isRead) =>
        isRead ? "" : " The request may have reached Purse: read the resource before trying again.";
}

/// <summary>
/// The log scope <c>Purse client {name}</c> of every call of a named client, so that the logs of several
/// entities can be told apart. The default client has none.
/// </summary>
internal sealed class PurseCallScope(ILogger logger, string name)
{
    public IDisposable? Begin() => logger.BeginScope("Purse client {PurseClient}", name);
}

/// <summary>
/// An attempt that failed with an answer of Purse, as Polly sees it: a message with the status only; the typed
/// exception the caller gets, and what the retry strategy reads (status, Retry-After), as properties.
/// </summary>
internal sealed class PurseAttemptFailure(PurseException error, int? status, TimeSpan? retryAfter) : Exception($"Purse answered {status?.ToString(CultureInfo.InvariantCulture) ?? "with an unreadable body"}.")
{
    public PurseException Error { get; } = error;

    public int? Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
