using System.Diagnostics;
using Polly;
using Polly.Timeout;

namespace Purse;

/// <summary>
/// Runs one call of the generated raw client inside the resilience pipeline, with its span and
/// duration metric, and turns every way it can fail into a <see cref="PurseException"/> subtype.
/// The raw client reads bodies as strings, so every <see cref="RawApiException"/> carries the body:
/// an error status becomes the matching <see cref="PurseApiException"/>; a 2xx the spec does not list
/// (its 201s are inferred) is read here. RawApiException never leaves this class.
/// </summary>
internal sealed partial class PurseApiCaller(
    IHttpClientFactory httpClientFactory, PurseResilience resilience, PurseTokenProvider tokens, IOptions<PurseClientOptions> options,
    PurseErrorMapper errors, SecretMasker masker, PurseCallScope? callScope = null)
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
                // Outcome-based: no exception-catching wrapper around the attempt, no async layer around the pipeline.
                var outcome = await (isRead ? resilience.Reads : resilience.Writes).ExecuteOutcomeAsync(
                    static (context, state) => state.self.AttemptAsync(state.operation, state.isRead, state.call, state.raw, context.CancellationToken),
                    context,
                    (self: this, operation, isRead, call, raw: new RawPurseClient(http)
                    {
                        ReadResponseAsString = true, ApiKey = options.Value.ApiKey, UserAgent = PurseUserAgent.Value,
                    })).ConfigureAwait(false);
                outcome.ThrowIfException();
                result = outcome.Result!;
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
            var (id, what) = result switch
            {
                Payment p => (p.Id, "payment"), ClientSession s => (s.Id, "client session"), PaymentLink l => (l.Id, "payment link"), _ => ((Guid?)null, ""),
            };
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
