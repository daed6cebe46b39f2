using System.Text;
using System.Text.Json;
using Purse.SpecTools;
using Purse.Tests.Support;

namespace Purse.Tests.Drift;

/// <summary>The spec's normal form (sorted keys, 2-space indent, LF), which keeps spec diffs reviewable and update-spec
/// idempotent.</summary>
public sealed class SpecNormalFormTests
{
    [Test]
    public void The_committed_spec_is_in_normal_form()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Spec);
        using var spec = JsonDocument.Parse(bytes);

        Assert.That(
            Encoding.UTF8.GetString(bytes),
            Is.EqualTo(SpecNormaliser.Normalise(spec.RootElement)),
            "openapi/purse-payment-v2.json must be in normal form: bring specs in with build/update-spec"
        );
    }

    [Test]
    public void Normalising_sorts_keys_keeps_array_order_and_number_text_and_escapes_like_JSON_stringify()
    {
        const string Input =
            "{\"b\":[3,1,2],\"a\":{\"z\":1.50,\"y\":9007199254740993},\r\n\"c\":\"caf\u00e9 \\\"q\\\" \\u0001 <tag> "
            + "\\ud83d\\ude00\"}";
        using var document = JsonDocument.Parse(Input);

        var normal = SpecNormaliser.Normalise(document.RootElement);

        Assert.That(
            normal,
            Is.EqualTo(
                "{\n  \"a\": {\n    \"y\": 9007199254740993,\n    \"z\": 1.50\n  },\n  \"b\": [\n    3,\n    1,\n    "
                    + "2\n  ],\n  \"c\": \"caf\u00e9 \\\"q\\\" \\u0001 <tag> \ud83d\ude00\"\n}\n"
            )
        );
        using var again = JsonDocument.Parse(normal);
        Assert.That(
            SpecNormaliser.Normalise(again.RootElement),
            Is.EqualTo(normal),
            "normalising twice changes nothing"
        );
    }
}
