using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Redirection;

/// <summary>The verifier created on first use is created once: concurrent first callers share one key cache and its
/// throttle.</summary>
public sealed class ColdStartVerificationTests
{
    [Test]
    public async Task Concurrent_first_verifications_make_one_signing_key_fetch()
    {
        using var harness = new FacadeHarness();
        var fetches = 0;
        harness
            .Mock.When(HttpMethod.Get, "*/payment/v2/signing-jwks")
            .Respond(async () =>
            {
                Interlocked.Increment(ref fetches);
                await Task.Delay(50);
                return FacadeHarness.Json(System.Net.HttpStatusCode.OK, FacadeSamples.Example("getSigningJwks"));
            });
        using var key = Redirection.TestSigningKey.Rsa("unknown-to-purse");
        var token = key.Sign(new Dictionary<string, object> { ["payment_id"] = Guid.NewGuid().ToString() });
        using var start = new ManualResetEventSlim();

        var calls = Enumerable
            .Range(0, 32)
            .Select(_ =>
                Task.Run(async () =>
                {
                    start.Wait();
                    try
                    {
                        await harness.Client.Redirection.VerifyAsync(token);
                    }
                    catch (PurseRedirectionDataException)
                    {
                        // unknown kid: refused, which is what the forged token deserves
                    }
                })
            )
            .ToList();
        start.Set();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(fetches, Is.EqualTo(1), "one verifier, one key cache, one fetch (then the refresh throttle)");
    }
}
