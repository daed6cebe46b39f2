using Polly;
using Newtonsoft.Json;
using Purse.Models.Serialization;

namespace Purse;

internal sealed partial class PurseApiCaller
{
    /// <summary>
    /// One attempt, authenticated (bearer token, and once more with a fresh token after a 401: Purse did not process
    /// the request, so this is safe even for a POST). It never throws: its failure is the outcome, as Polly's
    /// outcome-based execution expects (no wrapper layer). Whatever Purse answered is a typed exception inside a
    /// <see cref="PurseAttemptFailure"/>, so that Polly's logs and listeners never see a body (the generated
    /// exception's message quotes it).
    /// </summary>
    private async ValueTask<Outcome<T>> AttemptAsync<T>(
        string operation, bool isRead, Func<IRawPurseClient, CancellationToken, Task<T>> call, RawPurseClient raw, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            for (var renewed = false; ; renewed = true)
            {
                // Nothing is sent without a token: when none can be had, the provider throws first.
                var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                raw.Authorization = token.Header;
                try
                {
                    return Outcome.FromResult(await call(raw, cancellationToken).ConfigureAwait(false));
                }
                catch (RawApiException answer) when (answer.StatusCode == 401 && !renewed)
                {
                    await tokens.InvalidateAsync(token, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (RawApiException answer) when (answer.StatusCode is >= 200 and < 300)
        {
            return ReadSuccess<T>(operation, answer);
        }
        catch (RawApiException answer)
        {
            return Outcome.FromException<T>(new PurseAttemptFailure(
                errors.FromResponse(operation, isRead, answer.StatusCode, answer.Response, answer.Headers), answer.StatusCode, errors.RetryAfter(answer.Headers)));
        }
        // A converter may fail outside the raw client's own JSON handling, and HttpContent refuses a charset it does
        // not know (InvalidOperationException): the body cannot be read, and the message may quote it.
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidCastException or OverflowException or ArgumentException
            or InvalidOperationException and not ObjectDisposedException)
        {
            return Outcome.FromException<T>(new PurseAttemptFailure(Unreadable(operation, null, null, null, exception.GetType().Name), status: null, retryAfter: null));
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
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            // Where the JSON went wrong, without its values (Newtonsoft quotes them in its messages).
            reason = exception switch
            {
                JsonReaderException r => $"invalid JSON at '{r.Path}', line {r.LineNumber}, position {r.LinePosition}",
                JsonSerializationException s => $"a value that does not fit its type at '{s.Path}', line {s.LineNumber}, position {s.LinePosition}",
                _ => exception.GetType().Name,
            };
        }
        // Wrapped like every answer, so that Polly's logs never see the message (it holds an excerpt of the body).
        return Outcome.FromException<T>(new PurseAttemptFailure(Unreadable(operation, status, body, requestId, reason), answer.StatusCode, retryAfter: null));
    }

    private PurseResponseException Unreadable(string operation, HttpStatusCode? status, string? body, string? requestId, string reason) => new(
        $"Purse answered {(status is null ? "" : $"{(int)status} ")}to {operation}, but the body cannot be read ({masker.Apply(reason)}). " +
        "The request was probably carried out: read the resource again rather than repeating it." + (requestId is null ? "" : $" Request id: {requestId}."),
        status,
        masker.Excerpt(body),
        requestId);
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
