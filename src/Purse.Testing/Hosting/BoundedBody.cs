using System.Text;

namespace Purse.Testing.Hosting;

/// <summary>
/// Reads a request body up to a limit, so that a huge body costs the emulator at most the
/// limit in memory; both hosts answer 413 when it is exceeded.
/// </summary>
internal static class BoundedBody
{
    /// <summary>How much of an oversized body the server still reads (and discards) so the client sees the
    /// 413.</summary>
    public const long DrainLimit = 256L * 1024 * 1024;

    /// <summary>The body as UTF-8 text, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<string?> ReadAsync(
        Stream body,
        long? declaredLength,
        long limit,
        CancellationToken cancellationToken
    )
    {
        if (declaredLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Reads and discards what is left of a body, up to <see cref="DrainLimit"/>: a server that
    /// answers and closes while the client still sends makes the client see a reset, not the answer.
    /// </summary>
    public static async Task<bool> DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > DrainLimit)
            {
                return false;
            }
        }
        return true;
    }
}
