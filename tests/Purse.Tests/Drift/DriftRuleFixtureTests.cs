using System.Text.Json.Nodes;
using Purse.Tests.Support;

namespace Purse.Tests.Drift;

/// <summary>
/// One spec pair per rule (tests/Purse.Tests/Drift/Fixtures/&lt;rule&gt;/{old,new}.json, small specs
/// that differ in one thing): build/drift's exit code and the one change it reports, with its label and location.
/// </summary>
public sealed class DriftRuleFixtureTests
{
    private const string B = "BREAKING";
    private const string N = "non-breaking";

    private static IEnumerable<TestCaseData> OneChange()
    {
        static TestCaseData Case(
            string fixture,
            int exit,
            string label,
            string rule,
            string location,
            string detail = ""
        ) => new TestCaseData(fixture, exit, label, rule, location, detail).SetName($"{fixture}: {label} {rule}");

        // Breaking for this client.
        yield return Case(
            "operation-removed",
            2,
            B,
            "operation removed",
            "#/paths/~1payments~1{id}/get",
            "GET /payments/{id}"
        );
        yield return Case(
            "operation-path-changed",
            2,
            B,
            "operation path or method changed",
            "#/paths/~1payments~1{id}~1details/get",
            "GET /payments/{id} -> GET /payments/{id}/details"
        );
        yield return Case(
            "operation-method-changed",
            2,
            B,
            "operation path or method changed",
            "#/paths/~1payments/put",
            "POST /payments -> PUT /payments"
        );
        yield return Case(
            "required-parameter-added",
            2,
            B,
            "required parameter added",
            "#/paths/~1payments~1{id}/get/parameters/2",
            "query merchant"
        );
        yield return Case(
            "parameter-made-required",
            2,
            B,
            "parameter made required",
            "#/paths/~1payments~1{id}/get/parameters/1",
            "query expand"
        );
        yield return Case(
            "required-request-property-added",
            2,
            B,
            "required property added [request]",
            "#/components/schemas/CreatePaymentRequest/properties/merchant_id"
        );
        yield return Case(
            "request-property-made-required",
            2,
            B,
            "property made required [request]",
            "#/components/schemas/CreatePaymentRequest/properties/reference"
        );
        yield return Case(
            "request-property-removed",
            2,
            B,
            "property removed",
            "#/components/schemas/CreatePaymentRequest/properties/reference"
        );
        yield return Case(
            "response-property-removed",
            2,
            B,
            "property removed",
            "#/components/schemas/Payment/properties/status"
        );
        yield return Case(
            "response-property-made-optional",
            2,
            B,
            "property made optional [response]",
            "#/components/schemas/Payment/properties/id"
        );
        yield return Case(
            "response-property-made-nullable",
            2,
            B,
            "property made nullable [response]",
            "#/components/schemas/Payment/properties/amount/nullable"
        );
        yield return Case(
            "property-type-changed",
            2,
            B,
            "type changed",
            "#/components/schemas/Payment/properties/amount/type",
            "\"integer\" -> \"string\""
        );
        yield return Case(
            "property-format-changed",
            2,
            B,
            "format changed",
            "#/components/schemas/CreatePaymentRequest/properties/amount/format",
            "\"int64\" -> \"int32\""
        );
        yield return Case(
            "enum-value-removed",
            2,
            B,
            "enum value removed",
            "#/components/schemas/Status/enum",
            "\"CAPTURED\""
        );
        yield return Case(
            "success-status-changed",
            2,
            B,
            "success response status changed",
            "#/paths/~1payments/post/responses",
            "201 -> 200"
        );
        yield return Case(
            "unclassified-change",
            2,
            B,
            "other change (no rule)",
            "#/components/schemas/Payment/discriminator"
        );
        // Non-breaking for this client.
        yield return Case(
            "operation-added",
            1,
            N,
            "operation added",
            "#/paths/~1payments~1{id}/delete",
            "DELETE /payments/{id}"
        );
        yield return Case(
            "optional-parameter-added",
            1,
            N,
            "optional parameter added",
            "#/paths/~1payments~1{id}/get/parameters/2",
            "query fields"
        );
        yield return Case(
            "optional-request-property-added",
            1,
            N,
            "optional property added",
            "#/components/schemas/CreatePaymentRequest/properties/description"
        );
        yield return Case(
            "response-property-added",
            1,
            N,
            "optional property added",
            "#/components/schemas/Payment/properties/created_at"
        );
        yield return Case(
            "enum-value-added",
            1,
            N,
            "enum value added",
            "#/components/schemas/Currency/enum",
            "\"GBP\""
        );
        yield return Case(
            "component-added",
            1,
            N,
            "reusable component added",
            "#/components/responses/Conflict",
            "response"
        );
    }

    [TestCaseSource(nameof(OneChange))]
    public void A_single_change_is_reported_once_with_its_label_and_location(
        string fixture,
        int exit,
        string label,
        string rule,
        string location,
        string detail
    )
    {
        var run = DriftRun.Of(fixture);

        Assert.That(run.ExitCode, Is.EqualTo(exit), run.ToString());
        Assert.That(run.Changes, Has.Count.EqualTo(1), run.ToString());
        var change = run.Changes[0];
        Assert.Multiple(() =>
        {
            Assert.That(change, Does.StartWith(label + " "), run.ToString());
            Assert.That(change, Does.Contain($"  {rule}  {location}"), run.ToString());
            Assert.That(change, Does.Contain(detail), run.ToString());
        });
    }

    [Test]
    public void Security_requirements_changed_is_breaking_and_the_new_scheme_is_listed()
    {
        var run = DriftRun.Of("security-changed");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(
            run.Changes,
            Is.EquivalentTo(
                new[]
                {
                    "BREAKING      security requirements changed  #/security: [{\"oauth\":[]}] -> [{\"apiKey\":[]}]",
                    "non-breaking  security scheme added  #/components/securitySchemes/apiKey",
                }
            ),
            run.ToString()
        );
    }

    [Test]
    public void A_server_whose_URL_changed_is_breaking()
    {
        var run = DriftRun.Of("server-removed");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(
            run.Changes,
            Is.EquivalentTo(
                new[]
                {
                    "BREAKING      server removed or its URL changed  #/servers/0: https://api.example.test",
                    "non-breaking  server added  #/servers/0: https://api-v2.example.test",
                }
            ),
            run.ToString()
        );
    }

    [Test]
    public void Adding_or_removing_an_explicit_default_is_no_change_in_meaning()
    {
        // "required": false on a parameter removed, "nullable": false added on one property and removed from another:
        // each is what OpenAPI assumes anyway.
        var run = DriftRun.Of("explicit-default-added-or-removed");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Changes, Is.Empty, run.ToString());
    }

    [Test]
    public void A_replaced_property_reference_is_one_reference_change_not_every_property_of_the_old_schema()
    {
        // Payment.customer: $ref Customer -> $ref Shopper (a new schema; Customer stays, unused).
        var run = DriftRun.Of("property-reference-replaced");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(
            run.Changes,
            Is.EquivalentTo(
                new[]
                {
                    "non-breaking  schema reference changed  #/components/schemas/Payment/properties/customer/$ref: "
                        + "#/components/schemas/Customer -> #/components/schemas/Shopper",
                    "non-breaking  schema added  #/components/schemas/Shopper",
                }
            ),
            run.ToString()
        );
    }

    [Test]
    public void Documentation_only_changes_are_non_breaking_and_exit_1()
    {
        var run = DriftRun.Of("documentation-only");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(
            run.Changes,
            Is.EquivalentTo(
                new[]
                {
                    "non-breaking  documentation changed  "
                        + "#/components/schemas/CreatePaymentRequest/properties/amount/description",
                    "non-breaking  documentation changed  #/info",
                    "non-breaking  documentation changed  "
                        + "#/paths/~1payments/post/requestBody/content/application~1json/example",
                    "non-breaking  documentation changed  #/paths/~1payments/post/summary",
                }
            ),
            run.ToString()
        );
    }

    [Test]
    public void Key_order_whitespace_line_ends_and_number_spelling_are_no_change()
    {
        var oldBytes = File.ReadAllBytes(DriftRun.Fixture("reformat-only", "old.json"));
        var newBytes = File.ReadAllBytes(DriftRun.Fixture("reformat-only", "new.json"));
        Assert.That(newBytes, Is.Not.EqualTo(oldBytes), "the fixture's files differ byte for byte");

        var run = DriftRun.Of("reformat-only");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Changes, Is.Empty);
        Assert.That(run.Output, Does.Contain("no change in meaning"));
    }

    [TestCase("unreadable", "is not valid JSON")]
    [TestCase("not-openapi", "is not an OpenAPI 3.x document")]
    public void An_input_that_is_not_an_OpenAPI_document_exits_3_naming_the_file(string fixture, string reason)
    {
        var run = DriftRun.Of(fixture);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Error, Does.Contain(DriftRun.Fixture(fixture, "new.json")).And.Contain(reason));
        Assert.That(run.Output, Is.Empty, "no report for an input that could not be read");
    }

    [Test]
    public void A_missing_file_exits_3()
    {
        var missing = Path.Combine(Path.GetTempPath(), "purse-no-such-spec-" + Guid.NewGuid().ToString("N") + ".json");

        var run = DriftRun.Between(DriftRun.Fixture("operation-added", "old.json"), missing);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Error, Does.Contain(missing).And.Contain("cannot be read"));
    }

    [Test]
    public void A_change_inside_a_schema_used_by_requests_and_responses_is_reported_once_at_the_schema_with_both_sides()
    {
        // Customer is used by CreatePaymentRequest (sent) and Payment (read), both through $ref.
        var spec = JsonNode.Parse(File.ReadAllText(RepoPaths.Spec))!;
        var customer = spec["components"]!["schemas"]!["Customer"]!.AsObject();
        customer["required"] = new JsonArray("email");
        var changed = Path.Combine(Path.GetTempPath(), $"purse-drift-{Guid.NewGuid():N}.json");
        File.WriteAllText(changed, spec.ToJsonString());
        try
        {
            var run = DriftRun.Between(RepoPaths.Spec, changed);

            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(
                run.Changes,
                Is.EqualTo(
                    new[]
                    {
                        "BREAKING      property made required [request and response]  "
                            + "#/components/schemas/Customer/properties/email",
                    }
                ),
                run.ToString()
            );
        }
        finally
        {
            File.Delete(changed);
        }
    }
}
