using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Purse.Tests.Support;
using Purse.TestSupport;

namespace Purse.Tests.Http;

/// <summary>
/// Responses are bounded in time (the timeouts cover the body, not only the headers) and in size
/// (a body over the limit ends in a typed error without being buffered). Real Kestrel servers on
/// loopback, the default primary handler.
/// </summary>
public sealed class ResponseLimitTests
{
    private static readonly string PaymentPath = $"/payment/v2/payments/{FacadeSamples.PaymentId}";

    [Test]
    public async Task A_body_dribbled_slowly_ends_at_the_total_timeout()
    {
        await using var purse = await PurseAnsweringAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"id\":\"", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            for (var i = 0; i < 300 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await Task.Delay(100, context.RequestAborted);
                await context.Response.WriteAsync("a", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        await using var facade = new LoopbackFacade(purse.BaseAddress, options =>
        {
            options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
            options.Resilience.TotalTimeout = TimeSpan.FromSeconds(2);
            options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
        });

        var clock = Stopwatch.StartNew();
        var error = await FacadeHarness.ThrowsAsync<PurseConnectionException>(() =>
            facade.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );
        clock.Stop();

        TestContext.Out.WriteLine($"failed after {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.Multiple(() =>
        {
            Assert.That(error.IsTimeout, Is.True);
            Assert.That(
                clock.Elapsed,
                Is.LessThan(TimeSpan.FromSeconds(6)),
                "the 2 s total timeout covers the body (before: 30 s, the server's own end)"
            );
        });
    }

    [Test]
    public async Task A_128_MB_body_is_refused_without_being_buffered()
    {
        await using var purse = await PurseAnsweringAsync(context => WriteJunkAsync(context, 128L * 1024 * 1024));
        await using var facade = new LoopbackFacade(purse.BaseAddress);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var error = await FacadeHarness.ThrowsAsync<PurseResponseException>(() =>
            facade.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        TestContext.Out.WriteLine($"allocated {allocated / (1024 * 1024)} MB while refusing a 128 MB body");
        Assert.Multiple(() =>
        {
            Assert.That(
                error.Message,
                Does.Contain("larger than")
                    .And.Contain(
                        new PurseClientOptions().MaxResponseSize.ToString(
                            System.Globalization.CultureInfo.InvariantCulture
                        )
                    )
            );
            Assert.That(error.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
            Assert.That(
                allocated,
                Is.LessThan(64L * 1024 * 1024),
                "the excess is not buffered (before: 1.9 GB of heap)"
            );
        });
    }

    [Test]
    public async Task An_endless_body_ends_in_a_typed_error()
    {
        await using var purse = await PurseAnsweringAsync(context => WriteJunkAsync(context, long.MaxValue));
        await using var facade = new LoopbackFacade(purse.BaseAddress, options =>
            options.MaxResponseSize = 1024 * 1024
        );

        var error = await FacadeHarness.ThrowsAsync<PurseResponseException>(() =>
            facade.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(error.Message, Does.Contain("larger than 1048576 bytes"));
    }

    [Test]
    public async Task A_declared_length_over_the_limit_is_refused_before_reading()
    {
        await using var purse = await PurseAnsweringAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 3L * 1024 * 1024 * 1024;
            await context.Response.WriteAsync("{", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
        });
        await using var facade = new LoopbackFacade(purse.BaseAddress);

        var clock = Stopwatch.StartNew();
        var error = await FacadeHarness.ThrowsAsync<PurseResponseException>(() =>
            facade.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(error.Message, Does.Contain("3221225472"));
        Assert.That(
            clock.Elapsed,
            Is.LessThan(TimeSpan.FromSeconds(10)),
            "refused on the declared length, not after waiting for the body"
        );
    }

    [Test]
    public async Task A_50_MB_error_body_is_capped_before_parsing_and_kept_bounded()
    {
        var title = new string('T', 50 * 1024 * 1024);
        await using var purse = await PurseAnsweringAsync(async context =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync($$"""{"title":"{{title}}","status":400}""", context.RequestAborted);
        });
        await using var facade = new LoopbackFacade(purse.BaseAddress);

        var clock = Stopwatch.StartNew();
        var error = await FacadeHarness.ThrowsAsync<PurseValidationException>(() =>
            facade.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );
        clock.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(error.Message.Length, Is.LessThan(2_000));
            Assert.That(error.Response.BodyExcerpt!.Length, Is.LessThanOrEqualTo(513));
            Assert.That(
                error.Problem?.Title?.Length ?? 0,
                Is.LessThanOrEqualTo(1_001),
                "no field keeps the whole body"
            );
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
    }

    [Test]
    public async Task An_error_declaring_an_absurd_length_still_gives_the_typed_error()
    {
        await using var purse = await PurseAnsweringAsync(async context =>
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/problem+json";
            context.Response.ContentLength = long.MaxValue;
            await context.Response.WriteAsync("""{"title":"not found"}""", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        });
        await using var facade = new LoopbackFacade(purse.BaseAddress, options =>
        {
            options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(2);
            options.Resilience.TotalTimeout = TimeSpan.FromSeconds(5);
        });

        var error = await FacadeHarness.ThrowsAsync<PurseException>(() =>
            facade.Client.Payments.GetAsync(FacadeSamples.PaymentId)
        );

        Assert.That(
            error,
            Is.InstanceOf<PurseNotFoundException>().Or.InstanceOf<PurseConnectionException>(),
            "typed, whether the cut body arrives or the connection ends"
        );
    }

    [Test]
    public async Task A_body_within_the_limit_is_read_whole()
    {
        await using var purse = await PurseAnsweringAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(FacadeSamples.PaymentJson, context.RequestAborted);
        });
        await using var facade = new LoopbackFacade(purse.BaseAddress);

        var payment = await facade.Client.Payments.GetAsync(FacadeSamples.PaymentId);

        Assert.That(payment.Id, Is.EqualTo(FacadeSamples.PaymentId));
    }

    private static Task<LoopbackServer> PurseAnsweringAsync(Func<HttpContext, Task> answerPayment) =>
        LoopbackServer.StartAsync("127.0.0.1", context =>
        {
            if (context.Request.Path == "/oauth/token")
            {
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync(LoopbackFacade.TokenJson());
            }
            return context.Request.Path == PaymentPath ? answerPayment(context) : Task.CompletedTask;
        });

    /// <summary>A JSON-looking 2xx body of <paramref name="length"/> bytes, written in 64 KB chunks until the client
    /// goes away.</summary>
    private static async Task WriteJunkAsync(HttpContext context, long length)
    {
        context.Response.ContentType = "application/json";
        var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
        await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("{\"id\":\""), context.RequestAborted);
        try
        {
            for (
                long written = 0;
                written < length && !context.RequestAborted.IsCancellationRequested;
                written += chunk.Length
            )
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The client stopped reading: what the test expects.
        }
    }
}
