using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Polly;
using Polly.Timeout;

namespace Purse;

/// <summary>
/// Runs one call of the generated raw client inside the resilience pipeline, with its span and
/// duration metric, and turns every way it can fail into a <see cref="PurseException"/> subtype.
/// The raw client reads bodies as strings, so every <see cref="RawApiException"/> carries the body:
/// an error status becomes the matching <see cref="PurseApiException"/>; a 2xx the spec does not list
/// (its 201s are inferred) is read here. RawApiException never leaves this class. A write ends in its
/// result or in an exception that states its outcome (<see cref="WriteSettlement"/>).
/// </summary>
internal sealed partial class PurseApiCaller(
    IHttpClientFactory httpClientFactory,
    PurseResilience resilience,
    PurseTokenProvider tokens,
    IOptions<PurseClientOptions> options,
    PurseErrorMapper errors,
    SecretMasker masker,
    PurseCallScope? callScope = null)
{
    /// <summary>
    /// Calls Purse. <paramref name="operation"/> (e.g. <c>GET payment/v2/payments/{id}</c>) names the call in
    /// messages and telemetry; a GET is retried when that is safe. A <paramref name="write"/> carries its
    /// idempotency key on every attempt and is retried only when it says so; any other call is sent once. With
    /// <paramref name="about"/>, the answer must be about that resource.
    /// </summary>
    public async Task<T> CallAsync<T>(
        string operation,
        Func<IRawPurseClient, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken,
        Guid? about = null,
        PurseWrite<T>? write = null)
        where T : class
    {
        using var scope = callScope?.Begin();
        var started = Stopwatch.GetTimestamp();
        // A client per call lets IHttpClientFactory rotate its handlers although the facade is a singleton.
        var http = httpClientFactory.CreateClient(PurseHttpClients.Api);
        using var activity = PurseTelemetry.StartOperation(operation, http.BaseAddress);
        activity?.SetTag("purse.idempotency_key", write?.IdempotencyKey);
        var attempt = new CallAttempts<T>(this, operation, call, new RawPurseClient(http)
        {
            ReadResponseAsString = true,
            ApiKey = options.Value.ApiKey,
            UserAgent = PurseUserAgent.Value,
        });
        try
        {
            T result;
            try
            {
                result = await RunAsync(attempt, write, cancellationToken).ConfigureAwait(false);
                RefuseAnswerAboutAnother(result, about);
            }
            catch (PurseException error) when (write is not null)
            {
                result = await WriteSettlement.SettleAsync(
                    operation, write, error, attempt.MayHaveReachedPurse, masker, cancellationToken).ConfigureAwait(false);
            }
            activity?.SetTag("purse.resource.id", IdOf(result).Id);
            PurseTelemetry.RecordOperation(operation, PurseTelemetry.Success, started);
            return result;
        }
        catch (Exception exception)
        {
            PurseTelemetry.Fail(activity, exception);
            PurseTelemetry.RecordOperation(operation, PurseTelemetry.Outcome(exception), started);
            throw;
        }
    }

    /// <summary>Runs the attempts in the call's pipeline; a failure leaves as a <see cref="PurseException"/> (or the caller's cancellation).</summary>
    private async Task<T> RunAsync<T>(CallAttempts<T> attempt, PurseWrite<T>? write, CancellationToken cancellationToken)
        where T : class
    {
        var pipeline = attempt.IsRead ? resilience.Reads
            : write is { MayRetry: true } ? resilience.RetriedWrites
            : resilience.Writes;
        var context = resilience.Start(attempt.Operation, cancellationToken);
        try
        {
            // Outcome-based: no exception-catching wrapper around the attempt, no async layer around the pipeline.
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static (context, attempt) => attempt.Caller.AttemptAsync(attempt, context.CancellationToken),
                context,
                attempt).ConfigureAwait(false);
            if (outcome.Exception is { } exception)
            {
                ExceptionDispatchInfo.Throw(Typed(exception, attempt, cancellationToken));
            }
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The failure the caller gets for what ended the last attempt.</summary>
    private static Exception Typed<T>(Exception exception, CallAttempts<T> attempt, CancellationToken cancellationToken)
        where T : class
    {
        var operation = attempt.Operation;
        return exception switch
        {
            PurseAttemptFailure failure => failure.Error,
            // The caller's own cancellation stays an OperationCanceledException.
            OperationCanceledException when cancellationToken.IsCancellationRequested => exception,
            HttpRequestException unreachable => new PurseConnectionException(
                $"Purse could not be reached for {operation} ({unreachable.HttpRequestError}).",
                isTimeout: false,
                exception,
                PurseOutcome.Unknown),
            // The attempt's timeout (Polly's, or that of a resilience handler the application added), or a cancelled send.
            TimeoutRejectedException or OperationCanceledException when attempt.MayHaveReachedPurse => new PurseConnectionException(
                $"Purse did not answer {operation} in time.",
                isTimeout: true,
                exception,
                PurseOutcome.Unknown),
            TimeoutRejectedException or OperationCanceledException => new PurseConnectionException(
                $"{operation} ran out of time before its request was sent (obtaining the access token took the attempt's time); " +
                "nothing was sent to Purse.",
                isTimeout: true,
                exception,
                PurseOutcome.NotSent),
            // A resilience handler of the application refused to send (an open circuit breaker, a rate limiter).
            ExecutionRejectedException => new PurseConnectionException(
                $"An HTTP handler of the application refused {operation} ({exception.GetType().Name}).",
                isTimeout: false,
                exception,
                attempt.MayHaveReachedPurse ? PurseOutcome.Unknown : PurseOutcome.NotSent),
            _ => exception,
        };
    }

    /// <summary>An answer about another resource than the one asked for (a proxy or cache mix-up) is never handed out.</summary>
    private static void RefuseAnswerAboutAnother<T>(T result, Guid? about)
    {
        var (id, what) = IdOf(result);
        if (about is { } asked && id != asked)
        {
            throw new PurseResponseException(
                $"Purse was asked about {what} {asked} and answered about {what} {id}; that answer is not used.",
                statusCode: null,
                bodyExcerpt: null,
                requestId: null);
        }
    }

    private static (Guid? Id, string What) IdOf<T>(T result) => result switch
    {
        Payment payment => (payment.Id, "payment"),
        ClientSession session => (session.Id, "client session"),
        PaymentLink link => (link.Id, "payment link"),
        _ => (null, ""),
    };
}

/// <summary>
/// The log scope <c>Purse client {name}</c> of every call of a named client, so that the logs of several
/// entities can be told apart. The default client has none.
/// </summary>
internal sealed class PurseCallScope(ILogger logger, string name)
{
    public IDisposable? Begin() => logger.BeginScope("Purse client {PurseClient}", name);
}
