using System.Net;
using System.Net.Http.Headers;

namespace Purse.Benchmarks;

/// <summary>
/// An in-process Purse: answers the token endpoint with a one-hour token and every payment call
/// with the spec's Payment sample. It reads each request body to the end, so a body that is
/// serialised lazily is really written, as it would be to a socket.
/// </summary>
internal sealed class PurseStubHandler : HttpMessageHandler
{
    private static readonly byte[] TokenJson =
        """{"access_token":"stub-access-token","token_type":"Bearer","expires_in":3600}"""u8.ToArray();
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly byte[] _payment;
    private int _tokenRequests;

    public PurseStubHandler(byte[] payment) => _payment = payment;

    /// <summary>Answers asynchronously, as a socket does: every await of the caller's stack really suspends.</summary>
    public bool Yield { get; init; }

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        if (Yield)
        {
            await Task.Yield();
        }
        var path = request.RequestUri!.AbsolutePath;
        if (path.EndsWith("/oauth/token", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _tokenRequests);
            return Answer(HttpStatusCode.OK, TokenJson);
        }
        return Answer(request.Method == HttpMethod.Post ? HttpStatusCode.Created : HttpStatusCode.OK, _payment);
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpResponseMessage(status) { Content = content };
    }
}
