using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Polly;

namespace Purse;

/// <summary>
/// Steps 1 to 4 of the call path (<see cref="PurseCallPath"/>): runs one call of the generated client with its span
/// and duration metric (1), a write's settlement (2), retries and timeouts (3), and each attempt's end classified
/// once (4, <see cref="ResponseClassifier"/>). A failure stays a <see cref="PurseFailure"/> until the pipeline is
/// done, then becomes its public exception once (<see cref="PurseErrorMapper"/>). RawApiException never leaves it.
/// </summary>
internal sealed class PurseApiCaller(
    [ServiceKey] string clientName,
    IHttpClientFactory httpClientFactory,
    [FromKeyedServices] RetryPolicy retries,
    [FromKeyedServices] PurseErrorMapper errors,
    [FromKeyedServices] SecretMasker masker,
    TimeProvider time,
    ILogger<PurseApiCaller> logger
)
{
    private readonly string _httpClientName = PurseHttpClients.ApiFor(clientName);

    // Everything logged during a call of a named client (exchanges, retries, token requests) names the client.
    private readonly PurseCallScope? _callScope =
        clientName.Length == 0 ? null : new PurseCallScope(logger, clientName);

    /// <summary>
    /// Calls <paramref name="operation"/>. A <paramref name="write"/> carries its idempotency key on every attempt and
    /// ends in its result or in an exception that states its outcome. With <paramref name="about"/>, the answer must
    /// be about that resource.
    /// </summary>
    public async Task<T> CallAsync<T>(
        PurseOperation operation,
        Func<IRawPurseClient, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken,
        Guid? about = null,
        PurseWrite<T>? write = null
    )
        where T : class
    {
        using var scope = _callScope?.Begin();
        var started = Stopwatch.GetTimestamp();
        // A client per call lets IHttpClientFactory rotate its handlers although the facade is a singleton.
        var http = httpClientFactory.CreateClient(_httpClientName);
        using var activity = PurseTelemetry.StartOperation(operation.Name, http.BaseAddress);
        activity?.SetTag("purse.idempotency_key", write?.IdempotencyKey);
        try
        {
            var purseCall = new PurseCall(operation);
            var raw = new RawPurseClient(http)
            {
                ReadResponseAsString = true,
                // A write's sends are recorded (did one reach Purse?); a read's need not be.
                CallContext = operation.Kind == OperationKind.Read ? null : purseCall,
            };
            var result = await RunAsync(purseCall, raw, call, about, cancellationToken).ConfigureAwait(false) switch
            {
                { Failure: { } failure } => await FailedAsync(purseCall, failure, write, cancellationToken)
                    .ConfigureAwait(false),
                var succeeded => succeeded.Result!,
            };
            activity?.SetTag("purse.resource.id", IdOf(result).Id);
            PurseTelemetry.RecordOperation(operation.Name, PurseTelemetry.Success, started);
            return result;
        }
        catch (Exception exception)
        {
            PurseTelemetry.Fail(activity, exception);
            PurseTelemetry.RecordOperation(operation.Name, PurseTelemetry.Outcome(exception), started);
            throw;
        }
    }

    /// <summary>The attempts, in the operation's pipeline; their end, classified. The caller's cancellation is
    /// rethrown.</summary>
    private async Task<(T? Result, PurseFailure? Failure)> RunAsync<T>(
        PurseCall purseCall,
        RawPurseClient raw,
        Func<IRawPurseClient, CancellationToken, Task<T>> call,
        Guid? about,
        CancellationToken cancellationToken
    )
        where T : class
    {
        var context = retries.Start(purseCall.Operation, cancellationToken);
        try
        {
            // Outcome-based: no exception-catching wrapper around the attempt, no async layer around the pipeline.
            var outcome = await retries
                .For(purseCall.Operation)
                .ExecuteOutcomeAsync(
                    static (context, state) =>
                        state.Caller.AttemptAsync(state.Call, state.Raw, context.CancellationToken),
                    context,
                    (Caller: this, Call: call, Raw: raw)
                )
                .ConfigureAwait(false);
            if (outcome.Exception is not { } exception)
            {
                return (outcome.Result, AboutAnother(outcome.Result!, about));
            }
            var failure = ResponseClassifier.Classify(exception, cancellationToken);
            if (failure is null)
            {
                ExceptionDispatchInfo.Throw(exception);
            }
            return (default, failure);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// One attempt: the generated client's call. It never throws: its failure is the outcome, as Polly's outcome-based
    /// execution expects, classified at once, but for cancellations, which Polly's timeout must see as they are.
    /// </summary>
    private async ValueTask<Outcome<T>> AttemptAsync<T>(
        Func<IRawPurseClient, CancellationToken, Task<T>> call,
        RawPurseClient raw,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return Outcome.FromResult(await call(raw, cancellationToken).ConfigureAwait(false));
        }
        catch (RawApiException answer)
        {
            return Outcome.FromException<T>(ResponseClassifier.Classify(answer, time.GetUtcNow()));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Outcome.FromException<T>(
                ResponseClassifier.Classify(exception, CancellationToken.None) ?? exception
            );
        }
        catch (OperationCanceledException cancelled)
        {
            return Outcome.FromException<T>(cancelled);
        }
    }

    /// <summary>The public exception of a failure; a write's is settled first
    /// (<see cref="WriteSettlement"/>).</summary>
    private async Task<T> FailedAsync<T>(
        PurseCall purseCall,
        PurseFailure failure,
        PurseWrite<T>? write,
        CancellationToken cancellationToken
    )
        where T : class
    {
        // A read's sends are not recorded: it may have reached Purse, which costs nothing for a read.
        var mayHaveReachedPurse = purseCall.Operation.Kind == OperationKind.Read || purseCall.MayHaveReachedPurse;
        var error = errors.ToException(failure, purseCall.Operation, mayHaveReachedPurse);
        if (write is null)
        {
            throw error;
        }
        return await WriteSettlement
            .SettleAsync(
                purseCall.Operation.Name,
                write,
                error,
                purseCall.MayHaveReachedPurse,
                masker,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>An answer about another resource than the one asked for (a proxy or cache mix-up) is never handed
    /// out.</summary>
    private static PurseFailure? AboutAnother<T>(T result, Guid? about)
    {
        var (id, what) = IdOf(result);
        return about is { } asked && id != asked
            ? PurseFailure.Unreadable(
                null,
                $"it is about {what} {id}, not about {what} {asked} as asked; that answer is not used"
            )
            : null;
    }

    private static (Guid? Id, string What) IdOf<T>(T result) =>
        result switch
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
