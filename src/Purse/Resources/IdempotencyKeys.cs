namespace Purse;

/// <summary>
/// The idempotency key of a write: the caller's, checked before anything is sent, or a new UUID. It is fixed once
/// per call, before the request enters the HTTP pipeline, so that every re-send of the request carries it: the
/// client's own retries, and those of any handler the application added to its HTTP clients.
/// </summary>
internal static class IdempotencyKeys
{
    /// <summary>The most characters a key may have.</summary>
    public const int MaxLength = 255;

    /// <summary><paramref name="given"/> when it is a valid key; a new UUID when it is null.</summary>
    /// <exception cref="PurseInvalidRequestException">The key is empty, too long, or not printable ASCII.</exception>
    public static string For(string? given, string field)
    {
        if (given is null)
        {
            return Guid.NewGuid().ToString("D");
        }
        var problem = Problem(given);
        return problem is null ? given : throw new PurseInvalidRequestException(field, problem);
    }

    /// <summary>What is wrong with a key, or null. The key itself is not echoed: it may be long or
    /// unprintable.</summary>
    private static string? Problem(string key)
    {
        if (key.Length == 0)
        {
            return "The idempotency key is empty: leave it null to have one generated.";
        }
        if (key.Length > MaxLength)
        {
            return $"The idempotency key has {key.Length} characters; at most {MaxLength} are allowed.";
        }
        // A header value: printable ASCII, and no space at either end (HTTP would drop it, changing the key).
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] is < ' ' or > '~')
            {
                return $"The idempotency key holds a character that is not printable ASCII (U+{(int)key[i]:X4} at "
                    + $"index {i}).";
            }
        }
        return key[0] == ' ' || key[^1] == ' '
            ? "The idempotency key starts or ends with a space, which HTTP would drop."
            : null;
    }
}
