using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Purse.Models;
using Purse.Tests.Support;

namespace Purse.Tests.Split;

/// <summary>
/// The split family is hand-written (NSwag cannot generate it, see SplitCandidate), so the spec
/// checks it: a field or variant Purse adds to the candidates fails here instead of being lost.
/// </summary>
public sealed class SplitSchemaTests
{
    private static IEnumerable<TestCaseData> Candidates()
    {
        yield return new TestCaseData("NewAuthorizationCandidate", typeof(NewAuthorizationCandidate));
        yield return new TestCaseData("DuplicateAuthorizationCandidate", typeof(DuplicateAuthorizationCandidate));
        yield return new TestCaseData(
            "DuplicateForeignAuthorizationCandidateByPartnerTransaction",
            typeof(DuplicateForeignAuthorizationCandidateByPartnerTransaction)
        );
        yield return new TestCaseData(
            "DuplicateForeignAuthorizationCandidateBySchemeTransaction",
            typeof(DuplicateForeignAuthorizationCandidateBySchemeTransaction)
        );
    }

    private static JObject Schema(string name) => (JObject)SpecDocument.Current.Root["components"]!["schemas"]![name]!;

    [TestCaseSource(nameof(Candidates))]
    public void Each_candidate_class_has_exactly_the_fields_of_its_schema(string schemaName, Type type)
    {
        var schema = Schema(schemaName);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyAttribute>())
            .OfType<JsonPropertyAttribute>()
            .ToList();

        Assert.That(
            properties.Select(p => p.PropertyName),
            Is.EquivalentTo(((JObject)schema["properties"]!).Properties().Select(p => p.Name))
        );
        Assert.That(
            properties.Where(p => p.Required == Required.Always).Select(p => p.PropertyName),
            Is.EquivalentTo(schema["required"]?.Values<string>() ?? [])
        );
    }

    [Test]
    public void The_split_item_has_the_variants_the_family_models()
    {
        static IEnumerable<string> Refs(string schema) =>
            Schema(schema)["oneOf"]!.Select(r => ((string)r["$ref"]!).Split('/').Last());

        Assert.That(
            Refs("SplitCandidate"),
            Is.EquivalentTo(
                new[]
                {
                    "DuplicateAuthorizationCandidate",
                    "DuplicateForeignAuthorizationCandidate",
                    "NewAuthorizationCandidate",
                }
            )
        );
        Assert.That(
            Refs("DuplicateForeignAuthorizationCandidate"),
            Is.EquivalentTo(
                new[]
                {
                    "DuplicateForeignAuthorizationCandidateByPartnerTransaction",
                    "DuplicateForeignAuthorizationCandidateBySchemeTransaction",
                }
            )
        );
    }
}
