using System.Collections.Concurrent;
using System.Text;

namespace Purse.Tests;

/// <summary>
/// Suite-wide check that no secret reaches a log line or an exception message: facade tests feed
/// every log record they capture and every exception they observe into <see cref="Record"/>;
/// after the last test, the collected text is searched for the test credentials.
/// </summary>
[SetUpFixture]
public sealed class SecretLeakGuard
{
    /// <summary>Distinctive test credentials: any appearance in observed text is a leak.</summary>
    public const string ClientId = "purse-test-client";
    public const string ClientSecret = "cs-LEAKCHECK-5b1d2e9f6c0a";
    public const string ApiKey = "ak-LEAKCHECK-7e0c93aa41d8";
    public const string TokenMarker = "at-LEAKCHECK-";

    private static readonly ConcurrentQueue<(string Origin, string Text)> Observed = new();

    /// <summary>An access token the test token endpoint issues.</summary>
    public static string Token(int number) => $"{TokenMarker}{number:D5}-e1f7";

    /// <summary>Strings that must never be observed.</summary>
    public static IReadOnlyList<string> Secrets { get; } =
    [
        ClientSecret,
        ApiKey,
        TokenMarker,
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")),
        // The secret's distinctive core, in case it is encoded or cut.
        "LEAKCHECK",
    ];

    public static int ObservedCount => Observed.Count;

    public static void Record(string origin, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            Observed.Enqueue((origin, text));
        }
    }

    /// <summary>Records an exception: its message and full ToString, inner exceptions included.</summary>
    public static void Record(Exception exception) =>
        Record($"exception {exception.GetType().Name}", exception.ToString());

    /// <summary>The observed texts that contain a secret.</summary>
    public static IReadOnlyList<string> Leaks() => FindLeaks(Observed);

    public static IReadOnlyList<string> FindLeaks(IEnumerable<(string Origin, string Text)> observed) =>
        observed
            .Where(o => Secrets.Any(s => o.Text.Contains(s, StringComparison.OrdinalIgnoreCase)))
            .Select(o => $"{o.Origin}: {o.Text}")
            .ToList();

    [OneTimeTearDown]
    public void NoSecretWasObserved()
    {
        var leaks = Leaks();
        Assert.That(
            leaks,
            Is.Empty,
            "Secrets appeared in logs or exception messages:\n" + string.Join("\n---\n", leaks.Take(5))
        );
    }
}
