using Newtonsoft.Json.Linq;
using Purse.Tests.Support;

namespace Purse.Tests.Generated;

/// <summary>
/// Nothing in the spec goes unsourced: every operation, parameter, schema and property that the
/// rendered reference does not show (reference-shows.txt beside this file) carries
/// <c>x-purse-source</c> (the docs.purse.tech page, or the file of Purse's public code at a commit, that shows
/// it) or <c>x-purse-inferred</c> with an
/// <c>x-purse-note</c>, on itself or on the operation or schema that owns it. A property that is a bare
/// <c>$ref</c> (which may carry no siblings) is marked on its schema, in <c>x-purse-property-sources</c>
/// or <c>x-purse-inferred-properties</c>.
/// </summary>
public sealed class SpecMarksTests
{
    private static readonly JObject Spec = JObject.Parse(File.ReadAllText(RepoPaths.Spec));

    private static HashSet<string> Shown() =>
        [
            .. File.ReadAllLines(RepoPaths.Combine("tests", "Purse.Tests", "Generated", "reference-shows.txt"))
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#')),
        ];

    private static bool Marked(JToken? node) =>
        node is JObject o && (o["x-purse-source"] is not null || o["x-purse-inferred"]?.Value<bool>() == true);

    /// <summary>Every item the test walks: its key (as in reference-shows.txt) and whether it or its owner is
    /// marked.</summary>
    private static IEnumerable<(string Key, bool Marked)> Items()
    {
        foreach (var path in ((JObject)Spec["paths"]!).Properties())
        {
            foreach (var method in ((JObject)path.Value).Properties())
            {
                var operation = (JObject)method.Value;
                var id = (string)operation["operationId"]!;
                yield return ($"operation {id}", Marked(operation));
                foreach (var parameter in operation["parameters"]?.Children<JObject>() ?? [])
                {
                    yield return (
                        $"parameter {id} {parameter["in"]} {parameter["name"]}",
                        Marked(parameter) || Marked(operation)
                    );
                }
            }
        }
        foreach (var schema in ((JObject)Spec["components"]!["schemas"]!).Properties())
        {
            var body = (JObject)schema.Value;
            yield return ($"schema {schema.Name}", Marked(body));
            foreach (var property in (body["properties"] as JObject)?.Properties() ?? [])
            {
                var byName =
                    body["x-purse-property-sources"]?[property.Name] is not null
                    || body["x-purse-inferred-properties"]?[property.Name] is not null;
                yield return (
                    $"property {schema.Name}.{property.Name}",
                    Marked(property.Value) || Marked(body) || byName
                );
            }
        }
    }

    [Test]
    public void Everything_the_reference_does_not_show_carries_a_source_or_an_inference()
    {
        var shown = Shown();

        var unmarked = Items().Where(i => !i.Marked && !shown.Contains(i.Key)).Select(i => i.Key).ToList();

        Assert.That(unmarked, Is.Empty, "neither shown by the reference nor marked x-purse-source / x-purse-inferred");
    }

    [Test]
    public void Every_entry_of_the_reference_list_is_in_the_spec()
    {
        var keys = Items().Select(i => i.Key).ToHashSet();

        Assert.That(Shown().Where(s => !keys.Contains(s)), Is.Empty, "stale entries in reference-shows.txt");
    }

    /// <summary>Where a source may be: Purse's docs, or Purse's own public code (a file at a commit).</summary>
    private static bool IsPurseSource(string source) =>
        source.StartsWith("https://docs.purse.tech/", StringComparison.Ordinal)
        || (
            source.StartsWith("https://github.com/UpStreamPay/", StringComparison.Ordinal)
            && source.Contains("/blob/", StringComparison.Ordinal)
        );

    [Test]
    public void Every_source_is_a_page_or_a_file_of_purse_and_every_inference_says_why()
    {
        var sources = Spec.Descendants()
            .OfType<JProperty>()
            .Where(p => p.Name is "x-purse-source")
            .Select(p => (string)p.Value!)
            .Concat(
                Spec.Descendants()
                    .OfType<JProperty>()
                    .Where(p => p.Name == "x-purse-property-sources")
                    .SelectMany(p => ((JObject)p.Value).Properties().Select(s => (string)s.Value!))
            )
            .ToList();
        var inferredWithoutNote = Spec.Descendants()
            .OfType<JObject>()
            .Where(o =>
                o["x-purse-inferred"]?.Value<bool>() == true && string.IsNullOrWhiteSpace((string?)o["x-purse-note"])
            )
            .Select(o => o.Path)
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(sources, Is.Not.Empty);
            Assert.That(
                sources.Where(source => !IsPurseSource(source)),
                Is.Empty,
                "a source is a docs.purse.tech page or a file of Purse's code (github.com/UpStreamPay/…/blob/…)"
            );
            Assert.That(inferredWithoutNote, Is.Empty);
        });
    }

    [TestCase("https://docs.purse.tech/docs/references/convention", true)]
    [TestCase("https://github.com/UpStreamPay/purse-front-sdk-demo/blob/3f94301/vanilla/src/shared/x.ts", true)]
    [TestCase("https://github.com/UpStreamPay/purse-front-sdk-demo", false)]
    [TestCase("https://github.com/someone-else/purse-fork/blob/main/redirection.ts", false)]
    [TestCase("https://purse-doc.pages.dev/openapi/payment-api-v2", false)]
    public void The_source_rule_accepts_purses_pages_and_files_only(string source, bool accepted) =>
        Assert.That(IsPurseSource(source), Is.EqualTo(accepted));

    [Test]
    public void The_walk_catches_an_unmarked_addition()
    {
        // The test's own check: an operation the reference does not show, with no mark, is found.
        var spec = (JObject)Spec.DeepClone();
        ((JObject)spec["paths"]!)["/payment/v2/refund-all"] = JObject.Parse(
            """{"post":{"operationId":"refundAll","responses":{}}}"""
        );
        var shown = Shown();

        var original = Spec["paths"]!.ToString();
        var found = ((JObject)spec["paths"]!)
            .Properties()
            .SelectMany(p => ((JObject)p.Value).Properties())
            .Select(m => (JObject)m.Value)
            .Where(op => !Marked(op) && !shown.Contains($"operation {op["operationId"]}"))
            .Select(op => (string)op["operationId"]!);

        Assert.That(found, Is.EqualTo(new[] { "refundAll" }));
        Assert.That(Spec["paths"]!.ToString(), Is.EqualTo(original));
    }
}
