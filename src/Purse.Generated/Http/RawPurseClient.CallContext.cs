namespace Purse.Models;

/// <summary>
/// The facade's call that the requests of this client belong to, attached to each request as an
/// <see cref="HttpRequestOptions"/> entry so that the facade's HTTP handlers can read it. Nothing else is added to
/// the generated requests here: the headers are the handlers' business.
/// </summary>
internal partial class RawPurseClient
{
    /// <summary>The request option that carries <see cref="CallContext"/>.</summary>
    public static readonly HttpRequestOptionsKey<object> CallContextKey = new("Purse.Call");

    /// <summary>The facade's object for the current call (set per call: one generated client per call).</summary>
    public object? CallContext { get; init; }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url)
    {
        if (CallContext is not null)
        {
            request.Options.Set(CallContextKey, CallContext);
        }
    }
}
