using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json;

namespace Purse.Models.Serialization;

/// <summary>
/// An HTTP request body that serialises its value with Newtonsoft.Json directly into the
/// outgoing stream (no intermediate string). It can be written more than once, so a handler
/// may send the same request again (e.g. after refreshing an expired token).
/// </summary>
public sealed class NewtonsoftJsonContent : HttpContent
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private readonly object? _value;
    private readonly JsonSerializer _serializer;

    /// <summary>Creates the body for <paramref name="value"/>, written with <paramref name="settings"/>.</summary>
    public NewtonsoftJsonContent(object? value, JsonSerializerSettings settings)
    {
        _value = value;
        _serializer = JsonSerializer.Create(settings);
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    /// <inheritdoc />
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task SerializeToStreamAsync(
        Stream stream,
        TransportContext? context,
        CancellationToken cancellationToken
    )
    {
        // The writer buffers up to 16 KiB before each write to the network stream.
        await using var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 16 * 1024, leaveOpen: true);
        using (var json = new JsonTextWriter(writer) { CloseOutput = false })
        {
            _serializer.Serialize(json, _value);
            json.Flush();
        }
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override void SerializeToStream(
        Stream stream,
        TransportContext? context,
        CancellationToken cancellationToken
    )
    {
        using var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 16 * 1024, leaveOpen: true);
        using var json = new JsonTextWriter(writer) { CloseOutput = false };
        _serializer.Serialize(json, _value);
    }

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
