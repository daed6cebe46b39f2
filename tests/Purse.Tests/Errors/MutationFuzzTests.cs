using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;
using RichardSzalay.MockHttp;

namespace Purse.Tests.Errors;

/// <summary>
/// Feeds 10,000 seeded random mutations of the spec's response examples (fields removed, nulled,
/// retyped, unknown fields and enum values, truncated JSON) through the real facade: every
/// outcome must be a success or a <see cref="PurseException"/> subtype.
/// </summary>
public sealed class MutationFuzzTests
{
    private const int Seed = 20250301;
    private const int Iterations = 10_000;

    private static readonly JToken[] OddValues =
    [
        new JValue(12345),
        new JValue(-1),
        new JValue(1.5),
        new JValue("fuzz"),
        new JValue(""),
        new JValue(true),
        new JValue("2025-13-45T99:00:00Z"),
        new JValue("not-a-guid"),
        new JValue(long.MaxValue),
        new JValue("1e400"),
        new JObject(),
        new JArray(),
        new JArray(1, "two", JValue.CreateNull()),
        new JObject { ["nested"] = new JArray() },
    ];

    [Test]
    public async Task Mutated_responses_give_success_or_a_typed_purse_exception()
    {
        var random = new Random(Seed);
        // Information keeps the run short (no per-attempt trace lines) while still logging each exchange.
        using var harness = new FacadeHarness(
            o => o.Resilience.MaxRetryAttempts = 0,
            minimumLogLevel: Microsoft.Extensions.Logging.LogLevel.Information
        );
        var current = (Status: HttpStatusCode.OK, Body: "");
        harness.Mock.When("*/payment/*").Respond(_ => FacadeHarness.Json(current.Status, current.Body));
        var calls = Calls(harness);
        var samples = calls.ToDictionary(c => c.OperationId, c => JToken.Parse(FacadeSamples.Example(c.OperationId)));
        var errorBodies = new[]
        {
            "BadRequest",
            "Unauthorized",
            "Forbidden",
            "NotFound",
            "TooManyRequests",
            "InternalServerError",
            "BadGateway",
        }
            .Select(n => JToken.Parse(FacadeSamples.ErrorExample(n)))
            .ToArray();
        int successes = 0,
            typedFailures = 0;
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < Iterations; i++)
        {
            var (operationId, call) = calls[random.Next(calls.Count)];
            var asError = random.Next(10) == 0;
            var sample = asError
                ? errorBodies[random.Next(errorBodies.Length)].DeepClone()
                : samples[operationId].DeepClone();
            current = (
                asError ? (HttpStatusCode)(int)sample["status"]! : FacadeSamples.SuccessStatus(operationId),
                Mutate(sample, random)
            );

            try
            {
                await call();
                successes++;
            }
            catch (PurseException exception)
            {
                typedFailures++;
                var name = exception.GetType().Name;
                outcomes[name] = outcomes.GetValueOrDefault(name) + 1;
                if (i % 50 == 0)
                {
                    SecretLeakGuard.Record(exception);
                }
            }
            catch (Exception exception)
            {
                Assert.Fail(
                    $"Iteration {i} ({operationId}) escaped as {exception.GetType().Name} for "
                        + $"body:\n{current.Body}\n{exception}"
                );
            }
        }

        TestContext.Out.WriteLine(
            $"successes {successes}, typed failures {typedFailures}: "
                + $"{string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))}"
        );
        Assert.That(successes, Is.GreaterThan(Iterations / 10), "mutations that keep the body readable are tolerated");
        Assert.That(
            outcomes.GetValueOrDefault(nameof(PurseResponseException)),
            Is.GreaterThan(Iterations / 10),
            "broken bodies become PurseResponseException"
        );
    }

    private static List<(string OperationId, Func<Task> Call)> Calls(FacadeHarness harness)
    {
        var client = harness.Client;
        var id = FacadeSamples.PaymentId;
        var eur = Money.FromMinorUnits(100, Currency.Eur);
        var session = FacadeSamples.Request<CreateClientSessionRequest>("createClientSession");
        var payment = FacadeSamples.Request<CreatePaymentRequest>("createPayment");
        var eligibility = FacadeSamples.Request<EligibleSolutionsRequest>("checkEligibleSolutions");
        var jwks = harness.Services.GetRequiredService<IJwksFetcher>();
        return
        [
            ("createClientSession", () => client.ClientSessions.CreateAsync(session)),
            ("getClientSession", () => client.ClientSessions.GetAsync(id)),
            ("abortClientSession", () => client.ClientSessions.AbortAsync(id)),
            ("createPayment", () => client.Payments.CreateAsync(payment)),
            ("getPayment", () => client.Payments.GetAsync(id)),
            ("capturePayment", () => client.Payments.CaptureAsync(id, eur)),
            ("refundPayment", () => client.Payments.RefundAsync(id, eur)),
            ("voidPayment", () => client.Payments.VoidAsync(id, eur)),
            ("getPaymentLink", () => client.PaymentLinks.GetAsync(id)),
            ("getSigningJwks", () => jwks.FetchAsync(CancellationToken.None)),
            ("checkEligibleSolutions", () => client.EligibleSolutions.CheckAsync(eligibility)),
        ];
    }

    /// <summary>Applies one to three random mutations, then perhaps truncates the JSON.</summary>
    internal static string Mutate(JToken root, Random random)
    {
        var count = random.Next(1, 4);
        for (var m = 0; m < count; m++)
        {
            var values = root.SelectTokens("..*").Where(t => t.Parent is JProperty or JArray).ToList();
            if (values.Count == 0)
            {
                break;
            }
            var target = values[random.Next(values.Count)];
            switch (random.Next(5))
            {
                case 0:
                    Remove(target);
                    break;
                case 1:
                    target.Replace(JValue.CreateNull());
                    break;
                case 2:
                    target.Replace(OddValues[random.Next(OddValues.Length)].DeepClone());
                    break;
                case 3:
                    var objects = root.SelectTokens("..*")
                        .OfType<JObject>()
                        .Prepend(root as JObject)
                        .Where(o => o is not null)
                        .ToList();
                    objects[random.Next(objects.Count)]![$"x_fuzz_{random.Next(1000)}"] = OddValues[
                        random.Next(OddValues.Length)
                    ]
                        .DeepClone();
                    break;
                default:
                    var strings = root.SelectTokens("..*")
                        .OfType<JValue>()
                        .Where(v => v.Type == JTokenType.String)
                        .ToList();
                    if (strings.Count > 0)
                    {
                        strings[random.Next(strings.Count)].Value = $"FUZZ_VALUE_{random.Next(100)}";
                    }
                    break;
            }
        }
        var json = root.ToString(Formatting.None);
        return random.Next(8) == 0 ? json[..random.Next(json.Length)] : json;
    }

    private static void Remove(JToken target)
    {
        if (target.Parent is JProperty property)
        {
            property.Remove();
        }
        else
        {
            target.Remove();
        }
    }

    [Test]
    public void Mutations_are_reproducible_from_the_seed()
    {
        var sample = JToken.Parse(FacadeSamples.PaymentJson);
        List<string> Run()
        {
            var random = new Random(Seed);
            return Enumerable.Range(0, 20).Select(_ => Mutate(sample.DeepClone(), random)).ToList();
        }

        var first = Run();

        Assert.That(Run(), Is.EqualTo(first));
        Assert.That(first.Distinct().Count(), Is.GreaterThan(15), "the mutations differ from one another");
        Assert.That(first, Has.None.EqualTo(sample.ToString(Formatting.None)));
    }
}
