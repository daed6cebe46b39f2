using Microsoft.Extensions.Time.Testing;

namespace Purse.Tests.Redirection;

/// <summary>
/// The signing-key cache when the wall clock steps (a VM restored from a snapshot, an NTP step), issue 21 item 4:
/// the keys' age and the refresh window are measured on the monotonic clock, so a step changes neither how long
/// keys are trusted nor when a refresh is allowed. The steps: keys fetched, the wall clock set back one day, then
/// three hours pass (monotonic and wall clock alike).
/// </summary>
public sealed class SigningKeyClockStepTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private TestSigningKey _withdrawn = null!;
    private TestSigningKey _rotated = null!;

    [OneTimeSetUp]
    public void CreateKeys()
    {
        _withdrawn = TestSigningKey.Rsa("purse-2025-02");
        _rotated = TestSigningKey.EcP256("purse-2025-03");
    }

    [OneTimeTearDown]
    public void DisposeKeys()
    {
        _withdrawn.Dispose();
        _rotated.Dispose();
    }

    [Test]
    public async Task After_the_wall_clock_steps_back_a_withdrawn_key_stops_verifying_past_twice_the_cache_duration()
    {
        using var jwks = new MockJwksEndpoint(_withdrawn);
        var clock = new SteppingWallClock(Start);
        var verifier = new RedirectionVerifier(jwks, clock, new RedirectionVerificationOptions());
        await verifier.VerifyAsync(_withdrawn.Sign(Claims()));
        jwks.Publish(_rotated);

        clock.StepWallClock(TimeSpan.FromDays(-1));
        clock.Advance(TimeSpan.FromHours(3));
        var refused = Assert.ThrowsAsync<PurseRedirectionDataException>(() =>
            verifier.VerifyAsync(_withdrawn.Sign(Claims()))
        );

        Assert.Multiple(() =>
        {
            Assert.That(
                refused!.Reason,
                Is.EqualTo(RedirectionFailure.UnknownKeyId),
                "keys fetched 3 h ago (twice KeyCacheDuration is 2 h) were refreshed, and the withdrawn key is gone"
            );
            Assert.That(jwks.FetchCount, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task After_the_wall_clock_steps_back_a_rotated_key_is_fetched_at_once()
    {
        using var jwks = new MockJwksEndpoint(_withdrawn);
        var clock = new SteppingWallClock(Start);
        var verifier = new RedirectionVerifier(jwks, clock, new RedirectionVerificationOptions());
        await verifier.VerifyAsync(_withdrawn.Sign(Claims()));
        jwks.Publish(_withdrawn, _rotated);

        clock.StepWallClock(TimeSpan.FromDays(-1));
        clock.Advance(TimeSpan.FromHours(3));
        var data = await verifier.VerifyAsync(_rotated.Sign(Claims()));

        Assert.Multiple(() =>
        {
            Assert.That(data.AuthorizationStatus.Value, Is.EqualTo("AUTHORIZED"));
            Assert.That(jwks.FetchCount, Is.EqualTo(2), "the refresh window is 30 s on the monotonic clock, long past");
        });
    }

    private static Dictionary<string, object> Claims() =>
        new()
        {
            ["client_session_id"] = Guid.NewGuid().ToString(),
            ["payment_id"] = Guid.NewGuid().ToString(),
            ["authorization_status"] = "AUTHORIZED",
            ["client_session_status"] = "SUBMITTED",
        };

    /// <summary>
    /// A clock whose wall time can step back, as a real one does (FakeTimeProvider refuses to go back in time):
    /// timestamps and timers are the fake's monotonic time; the wall clock is that time plus a step.
    /// </summary>
    private sealed class SteppingWallClock(DateTimeOffset start) : TimeProvider
    {
        private readonly FakeTimeProvider _monotonic = new(start);
        private TimeSpan _step;

        public void StepWallClock(TimeSpan step) => _step += step;

        public void Advance(TimeSpan elapsed) => _monotonic.Advance(elapsed);

        public override DateTimeOffset GetUtcNow() => _monotonic.GetUtcNow() + _step;

        public override long GetTimestamp() => _monotonic.GetTimestamp();

        public override long TimestampFrequency => _monotonic.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            _monotonic.CreateTimer(callback, state, dueTime, period);
    }
}
