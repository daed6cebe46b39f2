using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Purse.Testing.Routing;

namespace Purse.Testing.Hosting;

/// <summary>
/// Serves requests in-process: the token endpoint and the whole API, whatever host the
/// client's base address names (only the path is routed).
/// </summary>
internal sealed class EmulatorHttpMessageHandler(PurseApi api, long maxBodySize) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var headers = EmulatorRequest.NewHeaderMap();
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }
        string? body = "";
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }
            var stream = await request.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            body = await BoundedBody
                .ReadAsync(stream, request.Content.Headers.ContentLength, maxBodySize, cancellationToken)
                .ConfigureAwait(false);
        }
        var path =
            request.RequestUri?.IsAbsoluteUri == true
                ? request.RequestUri.AbsolutePath
                : request.RequestUri?.OriginalString.Split('?')[0] ?? "/";
        var answer = body is null
            ? PurseApi.TooLarge(path, maxBodySize)
            : await api.HandleAsync(new EmulatorRequest(request.Method.Method, path, headers, body), cancellationToken)
                .ConfigureAwait(false);
        if (answer.IsDropped)
        {
            throw new HttpRequestException(
                HttpRequestError.ConnectionError,
                "The emulator dropped the connection (HttpFault.DropConnection).",
                new IOException("Connection reset by the emulator.")
            );
        }

        var response = new HttpResponseMessage((HttpStatusCode)answer.StatusCode)
        {
            RequestMessage = request,
            Content = new StringContent(answer.Body, Encoding.UTF8),
        };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(answer.ContentType) { CharSet = "utf-8" };
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }
}
