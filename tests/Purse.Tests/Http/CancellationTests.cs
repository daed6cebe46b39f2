using System.Reflection;
using System.Runtime.CompilerServices;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Http;

/// <summary>Every call takes the caller's token last, and a caller who cancels gets an
/// OperationCanceledException.</summary>
public sealed class CancellationTests
{
    private static readonly string PaymentUrl =
        FacadeHarness.BaseAddress + $"payment/v2/payments/{FacadeSamples.PaymentId}";

    [Test]
    public void Every_public_async_call_can_be_written_with_its_required_arguments_then_the_token()
    {
        var assembly = typeof(IPurseClient).Assembly;
        var extensions = assembly
            .GetExportedTypes()
            .Where(t => t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.IsDefined(typeof(ExtensionAttribute)))
            .ToList();
        // What a caller can write as receiver.Name(arguments): interface methods, and extensions without their
        // receiver.
        var callable = assembly
            .GetExportedTypes()
            .Where(t => t.IsInterface)
            .SelectMany(t => t.GetMethods().Select(m => (Receiver: t, m.Name, Parameters: m.GetParameters().ToList())))
            .Concat(
                extensions.Select(m =>
                    (
                        Receiver: m.GetParameters()[0].ParameterType,
                        m.Name,
                        Parameters: m.GetParameters().Skip(1).ToList()
                    )
                )
            )
            .Where(c =>
                typeof(Task).IsAssignableFrom(ReturnType(c.Receiver, c.Name, c.Parameters))
                || ReturnType(c.Receiver, c.Name, c.Parameters).Name.StartsWith("ValueTask", StringComparison.Ordinal)
            )
            .ToList();
        Assume.That(callable, Has.Count.GreaterThan(15));

        var missing = new List<string>();
        foreach (var call in callable)
        {
            if (!call.Parameters.Any(p => p.ParameterType == typeof(CancellationToken)))
            {
                missing.Add($"{call.Receiver.Name}.{call.Name} takes no CancellationToken");
                continue;
            }
            var wanted = call
                .Parameters.Where(p => !p.IsOptional && p.ParameterType != typeof(CancellationToken))
                .Select(p => p.ParameterType)
                .Append(typeof(CancellationToken))
                .ToList();
            var found = callable.Any(other =>
                other.Receiver.IsAssignableFrom(call.Receiver)
                && other.Name == call.Name
                && other.Parameters.Select(p => p.ParameterType).SequenceEqual(wanted)
            );
            if (!found)
            {
                missing.Add($"{call.Receiver.Name}.{call.Name}({string.Join(", ", wanted.Select(t => t.Name))})");
            }
        }

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public async Task The_token_last_overloads_send_what_the_full_calls_send()
    {
        using var harness = new FacadeHarness();
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond("application/json", FacadeSamples.PaymentJson);
        harness.Mock.When(HttpMethod.Post, PaymentUrl + "/*").Respond("application/json", FacadeSamples.PaymentJson);
        harness
            .Mock.When(HttpMethod.Post, FacadeHarness.BaseAddress + "payment/v2/client-sessions/*/abort")
            .Respond("application/json", FacadeSamples.Example("getClientSession"));
        var payment = await harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, CancellationToken.None);
        var amount = Money.FromMinorUnits(100, payment.Currency!.Value);
        var ct = CancellationToken.None;

        await harness.Client.Payments.CaptureAsync(FacadeSamples.PaymentId, amount, ct);
        await harness.Client.Payments.RefundAsync(FacadeSamples.PaymentId, amount, ct);
        await harness.Client.Payments.VoidAsync(FacadeSamples.PaymentId, amount, ct);
        await harness.Client.ClientSessions.AbortAsync(FacadeSamples.PaymentId, ct);

        var sent = harness
            .ApiRequests.Select(r =>
                $"{r.Method} {r.Uri.AbsolutePath} {r.Headers.GetValueOrDefault("Cache-Control")} {r.Body}"
            )
            .ToList();
        Assert.That(
            sent,
            Is.EqualTo(
                new[]
                {
                    $"GET /payment/v2/payments/{FacadeSamples.PaymentId}  ",
                    $"POST /payment/v2/payments/{FacadeSamples.PaymentId}/captures  {{\"amount\":100}}",
                    $"POST /payment/v2/payments/{FacadeSamples.PaymentId}/refunds  {{\"amount\":100}}",
                    $"POST /payment/v2/payments/{FacadeSamples.PaymentId}/voids  {{\"amount\":100}}",
                    $"POST /payment/v2/client-sessions/{FacadeSamples.PaymentId}/abort  "
                        + "{\"status\":\"ABORTED_BY_MERCHANT\"}",
                }
            )
        );
    }

    [Test]
    public async Task A_read_cancelled_while_Purse_is_answering_is_an_OperationCanceledException_not_retried()
    {
        using var harness = new FacadeHarness();
        var stall = new Stall();
        harness.Mock.When(HttpMethod.Get, PaymentUrl).Respond(stall);
        using var cancellation = new CancellationTokenSource();

        var call = harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, cancellation.Token);
        await stall.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        var error = Assert.CatchAsync<OperationCanceledException>(async () => await call)!;
        SecretLeakGuard.Record(error);
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_write_cancelled_by_the_caller_while_Purse_is_answering_is_an_OperationCanceledException()
    {
        using var harness = new FacadeHarness();
        var stall = new Stall();
        harness.Mock.When(HttpMethod.Post, PaymentUrl + "/captures").Respond(stall);
        using var cancellation = new CancellationTokenSource();

        var call = harness.Client.Payments.CaptureAsync(
            FacadeSamples.PaymentId,
            Money.FromMinorUnits(500, Currency.Eur),
            cancellation.Token
        );
        await stall.Reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        var error = Assert.CatchAsync<OperationCanceledException>(async () => await call)!;
        SecretLeakGuard.Record(error);
        Assert.That(harness.ApiRequests.Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_call_with_an_already_cancelled_token_sends_no_API_request()
    {
        using var harness = new FacadeHarness();
        harness
            .Mock.When(HttpMethod.Post, PaymentUrl + "/captures")
            .Respond("application/json", FacadeSamples.PaymentJson);

        Assert.CatchAsync<OperationCanceledException>(() =>
            harness.Client.Payments.CaptureAsync(
                FacadeSamples.PaymentId,
                Money.FromMinorUnits(500, Currency.Eur),
                new CancellationToken(canceled: true)
            )
        );
        Assert.CatchAsync<OperationCanceledException>(() =>
            harness.Client.Payments.GetAsync(FacadeSamples.PaymentId, new CancellationToken(canceled: true))
        );

        await Task.Yield();
        Assert.That(harness.ApiRequests, Is.Empty);
    }

    private static Type ReturnType(Type receiver, string name, List<ParameterInfo> parameters) =>
        parameters.Count > 0
            ? ((MethodInfo)parameters[0].Member).ReturnType
            : (receiver.GetMethod(name, Type.EmptyTypes)?.ReturnType ?? typeof(void));

    /// <summary>Holds the request until the caller gives up.</summary>
    private sealed class Stall : HttpMessageHandler
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            Reached.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
