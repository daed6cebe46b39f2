using System.Net;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;

namespace Purse.Tests.Redirection;

/// <summary>
/// How often the verifier asks Purse for its keys: once per cache period, once more for a
/// rotated key, and never more than once per refresh window whatever kids attackers invent.
/// </summary>
public sealed class SigningKeyCacheTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private TestSigningKey _current = null!;
    private TestSigningKey _next = null!;
    private MockJwksEndpoint _jwks = null!;
    private FakeTimeProvider _time = null!;
    private RedirectionVerifier _verifier = null!;

    [OneTimeSetUp]
    public void CreateKeys()
    {
        _current = TestSigningKey.Rsa("purse-2025-02");
        _next = TestSigningKey.EcP256("purse-2025-03");
    }

    [OneTimeTearDown]
    public void DisposeKeys()
    {
        _current.Dispose();
        _next.Dispose();
    }

    [SetUp]
    public void SetUp()
    {
        _jwks = new MockJwksEndpoint(_current);
        _time = new FakeTimeProvider(Now);
        _verifier = _jwks.Verifier(_time);
    }

    [TearDown]
    public void TearDown() => _jwks.Dispose();

    private static Dictionary<string, object> Claims() =>
        new()
        {
            ["client_session_id"] = Guid.NewGuid().ToString(),
            ["payment_id"] = Guid.NewGuid().ToString(),
            ["authorization_status"] = "AUTHORIZED",
            ["client_session_status"] = "SUBMITTED",
        };

    private Task<RedirectionData> Verify(TestSigningKey key, string? kid = null) =>
        _verifier.VerifyAsync(key.Sign(Claims(), kidOverride: kid));

    [Test]
    public async Task Keys_are_fetched_once_and_reused_for_the_cache_duration()
    {
        await Verify(_current);
        _time.Advance(TimeSpan.FromMinutes(59));
        await Verify(_current);
        await Verify(_current);

        Assert.That(_jwks.FetchCount, Is.EqualTo(1));
        _jwks.AssertOnlyJwksGets();
    }

    [Test]
    public async Task Keys_are_fetched_again_once_the_cache_duration_is_over()
    {
        await Verify(_current);
        _time.Advance(TimeSpan.FromHours(1));
        await Verify(_current);

        // The refresh runs in the background (the known key did not wait for it).
        await WaitUntil(() => _jwks.FetchCount == 2);
        await Verify(_current);
        Assert.That(_jwks.FetchCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_withdrawn_key_stops_verifying_once_the_refresh_after_expiry_has_completed()
    {
        await Verify(_current);
        _jwks.Publish(_next);
        _time.Advance(TimeSpan.FromHours(1));

        await Verify(_current); // last known good: the refresh it started must not hold it up
        await Verify(_next); // waits for that refresh, which brings the new key
        var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(_current));

        Assert.That(refused!.Reason, Is.EqualTo(RedirectionFailure.UnknownKeyId));
        Assert.That(_jwks.FetchCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_rotated_key_is_found_through_one_refresh()
    {
        await Verify(_current);
        _time.Advance(TimeSpan.FromMinutes(5));
        _jwks.Publish(_current, _next);

        var data = await Verify(_next);
        await Verify(_next);
        await Verify(_current);

        Assert.That(data.AuthorizationStatus.Value, Is.EqualTo("AUTHORIZED"));
        Assert.That(
            _jwks.FetchCount,
            Is.EqualTo(2),
            "one first fetch, one refresh for the new kid, then both served from the cache"
        );
    }

    [Test]
    public async Task A_rotation_inside_the_refresh_window_is_found_once_the_window_has_passed()
    {
        await Verify(_current);
        _jwks.Publish(_current, _next);
        _time.Advance(TimeSpan.FromSeconds(10));

        var early = Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(_next));
        Assert.That(early!.Reason, Is.EqualTo(RedirectionFailure.UnknownKeyId));
        Assert.That(_jwks.FetchCount, Is.EqualTo(1), "the previous fetch was 10 s ago");

        _time.Advance(TimeSpan.FromSeconds(20));
        await Verify(_next);
        Assert.That(_jwks.FetchCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_hundred_tokens_with_random_unknown_kids_within_30_seconds_cause_at_most_one_fetch()
    {
        await Verify(_current);
        _time.Advance(TimeSpan.FromMinutes(10));
        var fetchesBefore = _jwks.FetchCount;

        for (var i = 0; i < 100; i++)
        {
            var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() =>
                Verify(_current, kid: Guid.NewGuid().ToString("N"))
            );
            Assert.That(refused!.Reason, Is.EqualTo(RedirectionFailure.UnknownKeyId));
            _time.Advance(TimeSpan.FromMilliseconds(290));
        }

        Assert.That(
            _jwks.FetchCount - fetchesBefore,
            Is.EqualTo(1),
            "the first unknown kid refreshes; the other 99 fall in its 30 s window"
        );
        _jwks.AssertOnlyJwksGets();
    }

    [Test]
    public async Task The_refresh_window_follows_the_options()
    {
        _verifier = _jwks.Verifier(
            _time,
            new RedirectionVerificationOptions { MinimumRefreshInterval = TimeSpan.FromMinutes(5) }
        );
        await Verify(_current);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(_current, kid: "forged-1"));
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(_current, kid: "forged-2"));
        Assert.That(_jwks.FetchCount, Is.EqualTo(1), "4 minutes after the last fetch, inside a 5 minute window");

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(_current, kid: "forged-3"));
        Assert.That(_jwks.FetchCount, Is.EqualTo(2));
    }

    [Test]
    public async Task Concurrent_verifications_on_a_cold_cache_share_one_fetch()
    {
        _jwks.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var verifications = Enumerable.Range(0, 20).Select(_ => Task.Run(() => Verify(_current))).ToArray();
        await WaitUntil(() => _jwks.FetchCount == 1);

        _jwks.Gate.SetResult();
        await Task.WhenAll(verifications);

        Assert.That(_jwks.FetchCount, Is.EqualTo(1));
    }

    [Test]
    public void Keys_that_cannot_be_fetched_are_reported_and_not_retried_on_every_token()
    {
        _jwks.FailWith = HttpStatusCode.InternalServerError;

        var first = Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(_current));
        var second = Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(_current));

        Assert.Multiple(() =>
        {
            Assert.That(first!.Reason, Is.EqualTo(RedirectionFailure.KeysUnavailable));
            Assert.That(first.InnerException, Is.Not.Null);
            Assert.That(second!.Reason, Is.EqualTo(RedirectionFailure.KeysUnavailable));
            Assert.That(second.Message, Does.Contain("next attempt is allowed at 2025-03-01T12:00:30"));
            Assert.That(_jwks.FetchCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Fetching_resumes_after_the_window_once_purse_answers_again()
    {
        _jwks.FailWith = HttpStatusCode.InternalServerError;
        Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(_current));

        _jwks.FailWith = null;
        _time.Advance(TimeSpan.FromSeconds(30));
        await Verify(_current);

        Assert.That(_jwks.FetchCount, Is.EqualTo(2));
    }

    [Test]
    public void A_failed_refresh_for_an_unknown_kid_says_keys_are_unavailable_not_that_the_token_is_forged()
    {
        Assert.DoesNotThrowAsync(() => Verify(_current));
        _time.Advance(TimeSpan.FromMinutes(1));
        _jwks.FailWith = HttpStatusCode.InternalServerError;

        var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(_next));

        Assert.That(refused!.Reason, Is.EqualTo(RedirectionFailure.KeysUnavailable));
        Assert.DoesNotThrowAsync(() => Verify(_current), "keys still inside their cache period remain usable");
    }

    [Test]
    public void A_call_cancelled_before_it_starts_fetches_nothing_and_blocks_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.CatchAsync<OperationCanceledException>(() =>
            _verifier.VerifyAsync(_current.Sign(Claims()), cancelled.Token)
        );
        Assert.DoesNotThrowAsync(() => Verify(_current));
        Assert.That(_jwks.FetchCount, Is.EqualTo(1));
    }

    [Test]
    public void Symmetric_encryption_and_incomplete_entries_of_the_jwks_are_ignored()
    {
        var document = new JObject
        {
            ["keys"] = new JArray(
                new JObject
                {
                    ["kty"] = "oct",
                    ["kid"] = "hmac",
                    ["k"] = "c2VjcmV0",
                },
                new JObject
                {
                    ["kty"] = "RSA",
                    ["kid"] = "enc",
                    ["use"] = "enc",
                    ["n"] = _current.PublicJwk["n"],
                    ["e"] = "AQAB",
                },
                new JObject
                {
                    ["kty"] = "RSA",
                    ["kid"] = "no-n",
                    ["e"] = "AQAB",
                },
                new JObject
                {
                    ["kty"] = "EC",
                    ["kid"] = "no-y",
                    ["crv"] = "P-256",
                    ["x"] = _next.PublicJwk["x"],
                },
                _current.PublicJwk.DeepClone(),
                _current.PublicJwk.DeepClone(),
                _next.PublicJwk.DeepClone()
            ),
        };

        var keys = SigningKeys.From(RawClientHarness.FromJson<Jwks>(document));

        Assert.That(
            keys.KeyIds,
            Is.EquivalentTo(new[] { _next.Kid }),
            "and a kid published twice is ambiguous, so dropped"
        );
        Assert.That(keys.Skipped, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task Aborting_verifications_mid_fetch_does_not_bypass_the_refresh_window()
    {
        await Verify(_current);
        _time.Advance(TimeSpan.FromMinutes(1));
        _jwks.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var abort = new CancellationTokenSource();

        var aborted = _verifier.VerifyAsync(_current.Sign(Claims(), kidOverride: "forged-1"), abort.Token);
        await WaitUntil(() => _jwks.FetchCount == 2);
        abort.Cancel();
        Assert.CatchAsync<OperationCanceledException>(() => aborted);
        _jwks.Gate.SetResult();

        var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() => Verify(_current, kid: "forged-2"));
        Assert.That(refused!.Reason, Is.EqualTo(RedirectionFailure.UnknownKeyId));
        Assert.That(_jwks.FetchCount, Is.EqualTo(2), "the aborted refresh still used up the window");
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
