using System.Diagnostics;
using System.Net;
using Newtonsoft.Json;
using Polly.Timeout;
using Purse.Models;
using Purse.Models.Serialization;

namespace Purse;

/// <summary>
/// Runs one call of the generated raw client and turns every way it can fail into a
/// <see cref="PurseException"/> subtype.
/// </summary>
/// <remarks>
/// We keep the generated client (URLs, bodies, headers stay generated from the spec) and map its
/// <see cref="RawApiException"/> here, rather than overriding its templates. It is asked to read
/// bodies as strings, so every RawApiException carries the body: an error status becomes the
/// matching <see cref="PurseApiException"/>; a 2xx the spec does not list (the spec's 201s are
/// inferred) or a 2xx body the raw client could not read is deserialised once more here, and
/// success is success whatever the exact 2xx. RawApiException never leaves this class.
/// </remarks>
internal sealed class PurseApiCaller
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly PurseErrorMapper _errors;
    private readonly SecretMasker _masker;

    public PurseApiCaller(IHttpClientFactory httpClientFactory, PurseErrorMapper errors, SecretMasker masker)
    {
        _httpClientFactory = httpClientFactory;
        _errors = errors;
        _masker = masker;
    }

    /// <summary>
    /// Calls Purse. <paramref name="operation"/> names the call in messages (e.g.
    /// <c>GET payment/v2/payments/{id}</c>); <paramref name="isRead"/> says whether repeating it is harmless.
    /// </summary>
    public async Task<T> CallAsync<T>(string operation, bool isRead, Func<IRawPurseClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        // A new raw client per call: cheap, and it lets IHttpClientFactory rotate its handlers
        // although the facade itself is a singleton.
        var http = _httpClientFactory.CreateClient(PurseHttpClients.Api);
        var started = Stopwatch.GetTimestamp();
        using var activity = PurseTelemetry.Source.StartActivity(operation, ActivityKind.Client);
        if (activity is not null)
        {
            Describe(activity, operation, http.BaseAddress);
        }
        var outerOperation = PurseTelemetry.CurrentOperation.Value;
        PurseTelemetry.CurrentOperation.Value = operation;
        var outcome = PurseTelemetry.Success;
        try
        {
            var result = await CallCoreAsync(http, operation, isRead, call, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("purse.resource.id", ResourceId(result));
            return result;
        }
        catch (Exception exception)
        {
            outcome = PurseTelemetry.Outcome(exception);
            PurseTelemetry.Fail(activity, exception);
            throw;
        }
        finally
        {
            PurseTelemetry.CurrentOperation.Value = outerOperation;
            if (PurseTelemetry.OperationDuration.Enabled)
            {
                PurseTelemetry.OperationDuration.Record(
                    Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new KeyValuePair<string, object?>(PurseTelemetry.OperationTag, operation),
                    new KeyValuePair<string, object?>(PurseTelemetry.OutcomeTag, outcome));
            }
        }
    }

    /// <summary>The OpenTelemetry HTTP client attributes of an operation such as <c>GET payment/v2/payments/{id}</c>.</summary>
    private static void Describe(Activity activity, string operation, Uri? baseAddress)
    {
        var space = operation.IndexOf(' ', StringComparison.Ordinal);
        activity.SetTag(PurseTelemetry.OperationTag, operation);
        activity.SetTag("http.request.method", operation[..space]);
        activity.SetTag("url.template", "/" + operation[(space + 1)..]);
        if (baseAddress is not null)
        {
            activity.SetTag("server.address", baseAddress.Host);
            activity.SetTag("server.port", baseAddress.Port);
        }
    }

    /// <summary>The id of the resource an answer is about (not a secret; it is in every URL).</summary>
    private static Guid? ResourceId(object result) => result switch
    {
        Payment payment => payment.Id,
        ClientSession session => session.Id,
        PaymentLink link => link.Id,
        _ => null,
    };

    private async Task<T> CallCoreAsync<T>(HttpClient http, string operation, bool isRead, Func<IRawPurseClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        var raw = new RawPurseClient(http) { ReadResponseAsString = true };
        try
        {
            return await call(raw, cancellationToken).ConfigureAwait(false);
        }
        catch (RawApiException exception) when (exception.StatusCode is >= 200 and < 300)
        {
            return ReadSuccess<T>(operation, exception.StatusCode, exception.Response, exception.Headers);
        }
        catch (RawApiException exception)
        {
            throw _errors.FromResponse(operation, isRead, exception.StatusCode, exception.Response, exception.Headers);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is TimeoutRejectedException or OperationCanceledException)
        {
            throw new PurseConnectionException(
                $"Purse did not answer {operation} in time.{MayHaveHappened(isRead)}", isTimeout: true, exception);
        }
        catch (HttpRequestException exception)
        {
            throw new PurseConnectionException(
                $"Purse could not be reached for {operation} ({exception.HttpRequestError}).{MayHaveHappened(isRead)}", isTimeout: false, exception);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            // The raw client catches JsonException while reading a body, but a converter may
            // fail otherwise; such a body is unreadable all the same.
            throw Unreadable(operation, null, null, null, exception.GetType().Name);
        }
    }

    private T ReadSuccess<T>(string operation, int status, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers)
        where T : class
    {
        var requestId = _errors.RequestId(headers);
        if (string.IsNullOrWhiteSpace(body))
        {
            throw Unreadable(operation, (HttpStatusCode)status, body, requestId, "empty body");
        }
        try
        {
            return JsonConvert.DeserializeObject<T>(body, PurseJson.Settings)
                ?? throw Unreadable(operation, (HttpStatusCode)status, body, requestId, "null body");
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw Unreadable(operation, (HttpStatusCode)status, body, requestId, Describe(exception));
        }
    }

    private PurseResponseException Unreadable(string operation, HttpStatusCode? status, string? body, string? requestId, string reason) =>
        new(
            $"Purse answered {(status is null ? "" : $"{(int)status} ")}to {operation}, but the body cannot be read ({_masker.Apply(reason)}). " +
            "The request was probably carried out: read the resource again rather than repeating it." +
            (requestId is null ? "" : $" Request id: {requestId}."),
            status,
            _masker.Excerpt(body),
            requestId);

    /// <summary>Where the JSON went wrong, without echoing values (Newtonsoft quotes them in its messages).</summary>
    private static string Describe(Exception exception) => exception switch
    {
        JsonReaderException reader => $"invalid JSON at '{reader.Path}', line {reader.LineNumber}, position {reader.LinePosition}",
        JsonSerializationException serialization => serialization.Message.Length <= 300 ? serialization.Message : serialization.Message[..300] + "…",
        _ => exception.GetType().Name,
    };

    private static string MayHaveHappened(bool isRead) =>
        isRead ? "" : " The request may have reached Purse: read the resource before trying again.";
}
