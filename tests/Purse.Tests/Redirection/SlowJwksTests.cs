using Microsoft.Extensions.Time.Testing;

namespace Purse.Tests.Redirection;

/// <summary>
/// A JWKS endpoint that answers slowly or not at all, and callers that give up: the fetch is
/// shared, counts against the refresh window whoever abandons it, and never holds up a
/// verification whose key is already known.
/// </summary>
public sealed class SlowJwksTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    private TestSigningKey _key = null!;
    private MockJwksEndpoint _jwks = null!;
    private FakeTimeProvider _time = null!;
    private RedirectionVerifier _verifier = null!;

    [OneTimeSetUp]
    public void CreateKey() => _key = TestSigningKey.Rsa("purse-slow-1");

    [OneTimeTearDown]
    public void DisposeKey() => _key.Dispose();

    [SetUp]
    public void SetUp()
    {
        _jwks = new MockJwksEndpoint(_key);
        _time = new FakeTimeProvider(Now);
        _verifier = _jwks.Verifier(_time);
    }

    [TearDown]
    public void TearDown()
    {
        _jwks.Gate?.TrySetResult();
        _jwks.Dispose();
    }

    private static Dictionary<string, object> Claims() =>
        new()
        {
            ["client_session_id"] = Guid.NewGuid().ToString(),
            ["payment_id"] = Guid.NewGuid().ToString(),
            ["authorization_status"] = "AUTHORIZED",
            ["client_session_status"] = "SUBMITTED",
        };

    private Task<RedirectionData> Verify(string? kid = null, CancellationToken cancellationToken = default) =>
        _verifier.VerifyAsync(_key.Sign(Claims(), kidOverride: kid), cancellationToken);

    private void HoldFetches() =>
        _jwks.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    [TestCase("cold", 0)]
    [TestCase("stale", 1)]
    [TestCase("expired long ago", 3)]
    public async Task Twenty_verifications_abandoned_after_100_ms_make_one_fetch(string cache, int hoursSinceFirstFetch)
    {
        if (cache != "cold")
        {
            await Verify();
            _time.Advance(TimeSpan.FromHours(hoursSinceFirstFetch));
        }
        var fetchesBefore = _jwks.FetchCount;
        HoldFetches();

        for (var i = 0; i < 20; i++)
        {
            using var abandon = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            try
            {
                await Verify(cancellationToken: abandon.Token);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up; the question is what that cost Purse.
            }
        }

        // On a stale cache the callers do not wait, so the refresh may not have reached Purse yet.
        await WaitUntil(() => _jwks.FetchCount > fetchesBefore);
        await Task.Delay(200);
        Assert.That(
            _jwks.FetchCount - fetchesBefore,
            Is.EqualTo(1),
            $"{cache} cache: every abandoned caller joined the one fetch in flight"
        );
    }

    [Test]
    public async Task Cancelling_the_caller_that_started_a_fetch_neither_stops_it_nor_starts_another()
    {
        HoldFetches();
        using var first = new CancellationTokenSource();
        var starter = Verify(cancellationToken: first.Token);
        await WaitUntil(() => _jwks.FetchCount == 1);
        var patient = Verify();

        first.Cancel();
        Assert.CatchAsync<OperationCanceledException>(() => starter);
        Assert.That(patient.IsCompleted, Is.False, "the other caller is still waiting for the same fetch");
        _jwks.Gate!.SetResult();

        var data = await patient.WaitAsync(Prompt);
        Assert.That(data.AuthorizationStatus.Value, Is.EqualTo("AUTHORIZED"));
        Assert.That(_jwks.FetchCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_known_kid_verifies_promptly_while_the_refresh_after_expiry_is_stuck()
    {
        await Verify();
        _time.Advance(TimeSpan.FromHours(1));
        HoldFetches();

        var first = Verify();
        var second = Verify();

        Assert.That(await Task.WhenAll(first, second).WaitAsync(Prompt), Has.Length.EqualTo(2));
        await WaitUntil(() => _jwks.FetchCount == 2);
        await Verify().WaitAsync(Prompt);
        Assert.That(_jwks.FetchCount, Is.EqualTo(2), "one refresh started in the background, still in flight");
    }

    [Test]
    public async Task A_known_kid_verifies_promptly_while_a_refresh_for_an_unknown_kid_is_stuck()
    {
        await Verify();
        _time.Advance(TimeSpan.FromMinutes(5));
        HoldFetches();
        var unknown = Verify(kid: "rotated-maybe");
        await WaitUntil(() => _jwks.FetchCount == 2);

        await Verify().WaitAsync(Prompt);

        Assert.That(unknown.IsCompleted, Is.False);
    }

    [Test]
    public async Task Callers_waiting_for_an_unknown_kid_each_stop_on_their_own_cancellation()
    {
        await Verify();
        _time.Advance(TimeSpan.FromMinutes(5));
        HoldFetches();
        using var impatient = new CancellationTokenSource();
        var first = Verify(kid: "next-key", impatient.Token);
        var second = Verify(kid: "next-key");
        await WaitUntil(() => _jwks.FetchCount == 2);

        impatient.Cancel();

        Assert.CatchAsync<OperationCanceledException>(() => first.WaitAsync(Prompt));
        Assert.That(second.IsCompleted, Is.False);
        _jwks.Gate!.SetResult();
        var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() => second.WaitAsync(Prompt));
        Assert.That(
            refused!.Reason,
            Is.EqualTo(RedirectionFailure.UnknownKeyId),
            "the fetch ended and Purse does not publish that kid"
        );
        Assert.That(_jwks.FetchCount, Is.EqualTo(2));
    }

    [Test]
    public async Task Stale_keys_keep_verifying_while_refreshes_fail_for_at_most_one_more_cache_period()
    {
        await Verify();
        _jwks.FailWith = System.Net.HttpStatusCode.InternalServerError;

        _time.Advance(TimeSpan.FromHours(1));
        await Verify().WaitAsync(Prompt);
        await WaitUntil(() => _jwks.FetchCount == 2);
        _time.Advance(TimeSpan.FromMinutes(59));
        await Verify().WaitAsync(Prompt);
        _time.Advance(TimeSpan.FromMinutes(1));
        var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify());

        Assert.That(
            refused!.Reason,
            Is.EqualTo(RedirectionFailure.KeysUnavailable),
            "two cache periods after the last successful fetch"
        );
    }

    [Test]
    public async Task An_unknown_kid_while_stale_keys_cannot_be_refreshed_is_keys_unavailable_not_unknown()
    {
        await Verify();
        _jwks.FailWith = System.Net.HttpStatusCode.InternalServerError;
        _time.Advance(TimeSpan.FromHours(1));
        await Verify();

        var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(kid: "rotated"));

        Assert.That(
            refused!.Reason,
            Is.EqualTo(RedirectionFailure.KeysUnavailable),
            "Purse may publish that kid; the client could not ask"
        );
        Assert.That(_jwks.FetchCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_fetch_that_never_answers_is_abandoned_after_30_seconds_and_counts_as_a_failed_attempt()
    {
        _verifier = _jwks.Verifier(
            _time,
            new RedirectionVerificationOptions { MinimumRefreshInterval = TimeSpan.FromMinutes(5) }
        );
        HoldFetches();
        using (var abandon = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            Assert.CatchAsync<OperationCanceledException>(() => Verify(cancellationToken: abandon.Token));
        }
        await WaitUntil(() => _jwks.FetchCount == 1); // the fetch, and its timeout, have started

        _time.Advance(TimeSpan.FromSeconds(30));
        var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify().WaitAsync(Prompt));

        Assert.That(refused!.Reason, Is.EqualTo(RedirectionFailure.KeysUnavailable));
        Assert.That(refused.Message, Does.Contain("within 30 s"));
        Assert.That(_jwks.FetchCount, Is.EqualTo(1), "the next attempt waits for the 5 minute window");
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
