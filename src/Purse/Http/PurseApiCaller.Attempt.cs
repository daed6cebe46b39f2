using Newtonsoft.Json;
using Polly;
using Purse.Models.Serialization;

namespace Purse;

internal sealed partial class PurseApiCaller
{
    /// <summary>
    /// One attempt, authenticated (bearer token, and once more with a fresh token after a 401: Purse did not process
    /// the request, so this is safe even for a POST). It never throws: its failure is the outcome, as Polly's
    /// outcome-based execution expects (no wrapper layer). Whatever Purse answered is a typed exception inside a
    /// <see cref="PurseAttemptFailure"/>, so that Polly's logs and listeners never see a body (the generated
    /// exception's message quotes it). It keeps <see cref="CallAttempts{T}.MayHaveReachedPurse"/> up to date.
    /// </summary>
    private async ValueTask<Outcome<T>> AttemptAsync<T>(CallAttempts<T> attempt, CancellationToken cancellationToken)
        where T : class
    {
        // Whether an earlier attempt may have been carried out: a definite refusal of this one leaves it as it was.
        var earlier = attempt.MayHaveReachedPurse;
        try
        {
            for (var renewed = false; ; renewed = true)
            {
                // Nothing is sent without a token: when none can be had, the provider throws first.
                var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                attempt.Raw.Authorization = token.Header;
                attempt.MayHaveReachedPurse = true;
                try
                {
                    return Outcome.FromResult(await attempt.Call(attempt.Raw, cancellationToken).ConfigureAwait(false));
                }
                catch (RawApiException answer) when (answer.StatusCode == 401 && !renewed)
                {
                    attempt.MayHaveReachedPurse = earlier;
                    await tokens.InvalidateAsync(token, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (RawApiException answer) when (answer.StatusCode is >= 200 and < 300)
        {
            return ReadSuccess<T>(attempt.Operation, answer);
        }
        catch (RawApiException answer)
        {
            if (answer.StatusCode is >= 300 and < 500)
            {
                // A redirect or a 4xx: Purse did not carry this attempt out.
                attempt.MayHaveReachedPurse = earlier;
            }
            var error = errors.FromResponse(attempt.Operation, answer.StatusCode, answer.Response, answer.Headers);
            return Outcome.FromException<T>(new PurseAttemptFailure(error, answer.StatusCode, errors.RetryAfter(answer.Headers)));
        }
        catch (PurseRedirectException redirected)
        {
            // A redirect that a handler of the application followed after all: Purse itself answered with a redirect.
            attempt.MayHaveReachedPurse = earlier;
            return Outcome.FromException<T>(redirected);
        }
        // A converter may fail outside the raw client's own JSON handling, and HttpContent refuses a charset it does
        // not know (InvalidOperationException): the body cannot be read, and the message may quote it.
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidCastException or OverflowException
            or ArgumentException or InvalidOperationException and not ObjectDisposedException)
        {
            var unreadable = Unreadable(attempt.Operation, null, null, null, exception.GetType().Name);
            return Outcome.FromException<T>(new PurseAttemptFailure(unreadable, status: null, retryAfter: null));
        }
        catch (Exception exception)
        {
            return Outcome.FromException<T>(exception);
        }
    }

    /// <summary>A 2xx the raw client did not expect (the spec's 201s are inferred): read here.</summary>
    private Outcome<T> ReadSuccess<T>(string operation, RawApiException answer)
        where T : class
    {
        var (status, body, requestId) = ((HttpStatusCode)answer.StatusCode, answer.Response, errors.RequestId(answer.Headers));
        string reason;
        try
        {
            if (!string.IsNullOrWhiteSpace(body) && JsonConvert.DeserializeObject<T>(body, PurseJson.Settings) is { } read)
            {
                return Outcome.FromResult(read);
            }
            reason = string.IsNullOrWhiteSpace(body) ? "empty body" : "null body";
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidCastException or OverflowException
            or ArgumentException)
        {
            // Where the JSON went wrong, without its values (Newtonsoft quotes them in its messages).
            reason = exception switch
            {
                JsonReaderException r => $"invalid JSON at '{r.Path}', line {r.LineNumber}, position {r.LinePosition}",
                JsonSerializationException s =>
                    $"a value that does not fit its type at '{s.Path}', line {s.LineNumber}, position {s.LinePosition}",
                _ => exception.GetType().Name,
            };
        }
        // Wrapped like every answer, so that Polly's logs never see the message (it holds an excerpt of the body).
        var unreadable = Unreadable(operation, status, body, requestId, reason);
        return Outcome.FromException<T>(new PurseAttemptFailure(unreadable, answer.StatusCode, retryAfter: null));
    }

    private PurseResponseException Unreadable(string operation, HttpStatusCode? status, string? body, string? requestId, string reason) => new(
        $"Purse answered {(status is null ? "" : $"{(int)status} ")}to {operation}, but the body cannot be read ({masker.Apply(reason)})." +
        (requestId is null ? "" : $" Request id: {requestId}."),
        status,
        masker.Excerpt(body),
        requestId);
}

/// <summary>
/// The attempts of one call: what each attempt runs, and whether one of them may have been carried out by Purse
/// (sent, and not answered with a redirect or a 4xx), which tells a write's failure "outcome unknown" from "not sent"
/// or "refused".
/// </summary>
internal sealed class CallAttempts<T>(
    PurseApiCaller caller, string operation, Func<IRawPurseClient, CancellationToken, Task<T>> call, RawPurseClient raw)
    where T : class
{
    public PurseApiCaller Caller { get; } = caller;

    public string Operation { get; } = operation;

    /// <summary>A GET: retried when safe, and never a money movement.</summary>
    public bool IsRead { get; } = operation.StartsWith("GET ", StringComparison.Ordinal);

    public Func<IRawPurseClient, CancellationToken, Task<T>> Call { get; } = call;

    public RawPurseClient Raw { get; } = raw;

    /// <summary>True once an attempt was sent and not definitely refused; never reset by a later refusal.</summary>
    public bool MayHaveReachedPurse { get; set; }
}

/// <summary>
/// An attempt that failed with an answer of Purse, as Polly sees it: a message with the status only; the typed
/// exception the caller gets, and what the retry strategy reads (status, Retry-After), as properties.
/// </summary>
internal sealed class PurseAttemptFailure(PurseException error, int? status, TimeSpan? retryAfter)
    : Exception($"Purse answered {status?.ToString(CultureInfo.InvariantCulture) ?? "with an unreadable body"}.")
{
    public PurseException Error { get; } = error;

    public int? Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
