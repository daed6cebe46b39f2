namespace Purse.IntegrationTests.Facade;

/// <summary>One request as it left the facade (after authentication), and the status it got.</summary>
internal sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    string? Authorization,
    string? ApiKey,
    string? CacheControl,
    string? Body
)
{
    public int? StatusCode { get; set; }

    /// <summary>Prism's <c>sl-violations</c> response header: what broke the spec, or null.</summary>
    public string? Violations { get; set; }

    /// <summary>The bearer token, or null when the request carried none.</summary>
    public string? Bearer =>
        Authorization is { } value && value.StartsWith("Bearer ", StringComparison.Ordinal)
            ? value["Bearer ".Length..]
            : null;

    public override string ToString() => $"{Method} {Uri.AbsolutePath} -> {StatusCode}";
}

/// <summary>
/// Records every request the facade sends, innermost in its pipeline (added through the
/// <c>configureHttp</c> hook of AddPurseClient), so the tests see the exact wire request:
/// headers set by the authentication handler included.
/// </summary>
internal sealed class RecordingHandler(RequestLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Headers.TryGetValues("x-api-key", out var keys) ? string.Join(",", keys) : null,
            request.Headers.CacheControl?.ToString(),
            body
        );
        log.Add(recorded);
        var response = await base.SendAsync(request, cancellationToken);
        recorded.StatusCode = (int)response.StatusCode;
        recorded.Violations = response.Headers.TryGetValues("sl-violations", out var violations)
            ? string.Join(" ", violations)
            : null;
        return response;
    }
}

/// <summary>The requests recorded by the handlers of one service provider, in order.</summary>
internal sealed class RequestLog
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public void Add(RecordedRequest request)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }
    }

    public void Clear()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    /// <summary>The last request whose path ends with <paramref name="pathEnd"/>.</summary>
    public RecordedRequest Last(HttpMethod method, string pathEnd) =>
        Requests.LastOrDefault(r =>
            r.Method == method && r.Uri.AbsolutePath.EndsWith(pathEnd, StringComparison.Ordinal)
        ) ?? throw new AssertionException($"No {method} …{pathEnd} was sent; sent: {string.Join(", ", Requests)}");
}
