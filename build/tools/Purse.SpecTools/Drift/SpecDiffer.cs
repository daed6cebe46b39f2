using System.Globalization;
using System.Text.Json;

namespace Purse.SpecTools.Drift;

/// <summary>
/// Compares two OpenAPI 3.x documents and labels every change BREAKING or non-breaking for this
/// client, by the rules of <see cref="DriftRule"/>.
/// <para>
/// It walks both documents from each operation, so it knows whether a schema is read in a request
/// or a response; <c>$ref</c>s are followed, and a change inside a referenced schema is reported
/// once, at the schema's own location. Afterwards every raw JSON difference must lie at or below a
/// reported change: one that does not is reported too, as documentation when it is only text
/// (descriptions, examples, ...) and otherwise as an unclassified, BREAKING change.
/// </para>
/// </summary>
public sealed class SpecDiffer
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static readonly HashSet<string> DocumentationKeys =
    [
        "description",
        "summary",
        "title",
        "example",
        "examples",
        "externalDocs",
        "tags",
        "deprecated",
        "xml",
        "info",
        "openapi",
    ];

    // Maps whose keys are names chosen by the spec author, not OpenAPI keywords.
    private static readonly HashSet<string> NameMaps =
    [
        "properties",
        "schemas",
        "responses",
        "parameters",
        "securitySchemes",
        "requestBodies",
        "headers",
        "paths",
        "content",
        "variables",
    ];

    private readonly JsonElement _oldRoot;
    private readonly JsonElement _newRoot;
    private readonly Dictionary<(DriftRule Rule, string Location, string Detail), Side> _changes = new();
    private readonly List<string> _covered = [];
    private readonly HashSet<(string Old, string New, Side Side)> _visited = [];
    private readonly HashSet<string> _reachedSchemas = new(StringComparer.Ordinal);

    private SpecDiffer(JsonElement oldRoot, JsonElement newRoot)
    {
        _oldRoot = oldRoot;
        _newRoot = newRoot;
    }

    public static DriftResult Compare(JsonElement oldRoot, JsonElement newRoot)
    {
        var raw = RawDifference.Between(oldRoot, newRoot);
        if (raw.Count == 0)
        {
            return new DriftResult([]);
        }
        var differ = new SpecDiffer(oldRoot, newRoot);
        differ.CompareServers();
        differ.CompareSecurity();
        differ.CompareOperations();
        differ.CompareUnreachedSchemas();
        differ.CompareReusableComponents();
        differ.AccountFor(raw);
        var changes = differ
            ._changes.Select(c => new DriftChange(c.Key.Rule, c.Key.Location, c.Key.Detail, c.Value))
            .OrderByDescending(c => c.Impact)
            .ThenBy(c => c.Location, StringComparer.Ordinal)
            .ThenBy(c => c.Rule.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Detail, StringComparer.Ordinal)
            .ToList();
        return new DriftResult(changes);
    }

    private void Report(
        DriftRule rule,
        string location,
        string detail = "",
        Side side = Side.None,
        params string[] alsoCovers
    )
    {
        var key = (rule, location, detail);
        _changes[key] = _changes.TryGetValue(key, out var existing) ? existing | side : side;
        _covered.Add(location);
        _covered.AddRange(alsoCovers);
    }

    // ---- servers and security -------------------------------------------------------------

    private void CompareServers()
    {
        var oldServers = Indexed(_oldRoot.Get("servers"), "#/servers");
        var newServers = Indexed(_newRoot.Get("servers"), "#/servers");
        foreach (var (url, pointer) in oldServers.Where(s => !newServers.ContainsKey(s.Key)))
        {
            Report(DriftRule.ServerRemoved, pointer, url);
        }
        foreach (var (url, pointer) in newServers.Where(s => !oldServers.ContainsKey(s.Key)))
        {
            Report(DriftRule.ServerAdded, pointer, url);
        }

        static Dictionary<string, string> Indexed(JsonElement? servers, string pointer) =>
            servers
                .Items()
                .Select((s, i) => (url: s.GetString("url") ?? "", pointer: pointer + "/" + i))
                .GroupBy(s => s.url)
                .ToDictionary(g => g.Key, g => g.First().pointer);
    }

    private void CompareSecurity()
    {
        if (!Json.SameValue(_oldRoot.Get("security"), _newRoot.Get("security")))
        {
            Report(
                DriftRule.SecurityChanged,
                "#/security",
                $"{Json.Show(_oldRoot.Get("security"))} -> {Json.Show(_newRoot.Get("security"))}"
            );
        }
        var oldSchemes = _oldRoot.Get("components")?.Get("securitySchemes");
        var newSchemes = _newRoot.Get("components")?.Get("securitySchemes");
        foreach (var name in Names(oldSchemes, newSchemes))
        {
            var pointer = JsonPointer.Append("#/components/securitySchemes", name);
            var (o, n) = (oldSchemes?.Get(name), newSchemes?.Get(name));
            if (n is null)
            {
                Report(DriftRule.SecuritySchemeChanged, pointer, "removed");
            }
            else if (o is null)
            {
                Report(DriftRule.SecuritySchemeAdded, pointer);
            }
            else if (Json.Canonical(WithoutDocumentation(o.Value)) != Json.Canonical(WithoutDocumentation(n.Value)))
            {
                Report(DriftRule.SecuritySchemeChanged, pointer);
            }
        }

        // Only what the scheme does counts here; its description is documentation.
        static JsonElement WithoutDocumentation(JsonElement scheme) =>
            JsonSerializer.SerializeToElement(
                scheme
                    .EnumerateObject()
                    .Where(p => p.Name != "description" && !p.Name.StartsWith("x-", StringComparison.Ordinal))
                    .ToDictionary(p => p.Name, p => p.Value)
            );
    }

    // ---- operations ------------------------------------------------------------------------

    private sealed record Operation(
        string Path,
        string Method,
        string Pointer,
        JsonElement Element,
        JsonElement PathItem,
        string PathItemPointer
    )
    {
        public string? Id => Element.GetString("operationId");

        public string Title => $"{Method.ToUpperInvariant()} {Path}";
    }

    private static List<Operation> Operations(JsonElement root)
    {
        var operations = new List<Operation>();
        foreach (var path in root.Get("paths").Properties())
        {
            var (item, itemPointer, _) = Json.Resolve(root, path.Value, JsonPointer.Append("#/paths", path.Name));
            foreach (var method in Methods)
            {
                if (item.Get(method) is { ValueKind: JsonValueKind.Object } operation)
                {
                    operations.Add(
                        new(path.Name, method, JsonPointer.Append(itemPointer, method), operation, item, itemPointer)
                    );
                }
            }
        }
        return operations;
    }

    private void CompareOperations()
    {
        var oldOps = Operations(_oldRoot);
        var newOps = Operations(_newRoot);
        var newByKey = newOps.ToDictionary(o => (o.Path, o.Method));
        var oldByKey = oldOps.ToDictionary(o => (o.Path, o.Method));
        var matchedNew = new HashSet<Operation>();
        foreach (var o in oldOps)
        {
            if (newByKey.TryGetValue((o.Path, o.Method), out var n))
            {
                matchedNew.Add(n);
                CompareOperation(o, n);
                continue;
            }
            var moved = o.Id is null
                ? null
                : newOps.FirstOrDefault(x => x.Id == o.Id && !oldByKey.ContainsKey((x.Path, x.Method)));
            if (moved is not null)
            {
                matchedNew.Add(moved);
                Report(
                    DriftRule.OperationMoved,
                    moved.Pointer,
                    $"{o.Id}: {o.Title} -> {moved.Title}",
                    alsoCovers: o.Pointer
                );
                CompareOperation(o, moved);
            }
            else
            {
                Report(DriftRule.OperationRemoved, o.Pointer, o.Title + (o.Id is null ? "" : $" ({o.Id})"));
            }
        }
        foreach (var n in newOps.Where(n => !matchedNew.Contains(n)))
        {
            Report(DriftRule.OperationAdded, n.Pointer, n.Title + (n.Id is null ? "" : $" ({n.Id})"));
        }
    }

    private void CompareOperation(Operation o, Operation n)
    {
        if (o.Id is not null && n.Id is not null && o.Id != n.Id)
        {
            Report(DriftRule.OperationIdChanged, JsonPointer.Append(n.Pointer, "operationId"), $"{o.Id} -> {n.Id}");
        }
        if (!Json.SameValue(o.Element.Get("security"), n.Element.Get("security")))
        {
            Report(
                DriftRule.SecurityChanged,
                JsonPointer.Append(n.Pointer, "security"),
                $"{n.Title}: {Json.Show(o.Element.Get("security"))} -> {Json.Show(n.Element.Get("security"))}",
                alsoCovers: JsonPointer.Append(o.Pointer, "security")
            );
        }
        CompareParameters(o, n);
        CompareRequestBody(o, n);
        CompareResponses(o, n);
    }

    private void CompareParameters(Operation o, Operation n)
    {
        var oldParams = Parameters(_oldRoot, o);
        var newParams = Parameters(_newRoot, n);
        foreach (var (key, (oldParam, oldPointer)) in oldParams)
        {
            if (!newParams.TryGetValue(key, out var match))
            {
                Report(DriftRule.ParameterRemoved, oldPointer, $"{o.Title}: {key}");
                continue;
            }
            var (newParam, newPointer) = match;
            var (wasRequired, isRequired) = (oldParam.GetBool("required"), newParam.GetBool("required"));
            if (!wasRequired && isRequired)
            {
                Report(
                    DriftRule.ParameterMadeRequired,
                    newPointer,
                    $"{n.Title}: {key}",
                    alsoCovers: JsonPointer.Append(newPointer, "required")
                );
            }
            else if (wasRequired && !isRequired)
            {
                Report(
                    DriftRule.ParameterMadeOptional,
                    newPointer,
                    $"{n.Title}: {key}",
                    alsoCovers: JsonPointer.Append(newPointer, "required")
                );
            }
            CompareSchemaAt(oldParam, oldPointer, newParam, newPointer, "schema", Side.Request);
            CompareContent(
                oldParam.Get("content"),
                JsonPointer.Append(oldPointer, "content"),
                newParam.Get("content"),
                JsonPointer.Append(newPointer, "content"),
                Side.Request,
                n.Title
            );
        }
        foreach (var (key, (newParam, newPointer)) in newParams.Where(p => !oldParams.ContainsKey(p.Key)))
        {
            Report(
                newParam.GetBool("required") ? DriftRule.ParameterAddedRequired : DriftRule.ParameterAddedOptional,
                newPointer,
                $"{n.Title}: {key}"
            );
        }
    }

    /// <summary>The parameters an operation takes: its path item's, overridden by its own (by location and
    /// name).</summary>
    private static Dictionary<string, (JsonElement Parameter, string Pointer)> Parameters(
        JsonElement root,
        Operation operation
    )
    {
        var result = new Dictionary<string, (JsonElement, string)>(StringComparer.Ordinal);
        foreach (
            var (owner, ownerPointer) in new[]
            {
                (operation.PathItem, operation.PathItemPointer),
                (operation.Element, operation.Pointer),
            }
        )
        {
            var index = 0;
            foreach (var item in owner.Get("parameters").Items())
            {
                var (parameter, pointer, _) = Json.Resolve(
                    root,
                    item,
                    JsonPointer.Append(ownerPointer, "parameters") + "/" + index++
                );
                var location = parameter.GetString("in") ?? "";
                var name = parameter.GetString("name") ?? "";
                result[$"{location} {(location == "header" ? name.ToLowerInvariant() : name)}"] = (parameter, pointer);
            }
        }
        return result;
    }

    private void CompareRequestBody(Operation o, Operation n)
    {
        var oldBody = o.Element.Get("requestBody") is { } ob
            ? Json.Resolve(_oldRoot, ob, JsonPointer.Append(o.Pointer, "requestBody"))
            : ((JsonElement, string, string?)?)null;
        var newBody = n.Element.Get("requestBody") is { } nb
            ? Json.Resolve(_newRoot, nb, JsonPointer.Append(n.Pointer, "requestBody"))
            : ((JsonElement, string, string?)?)null;
        switch (oldBody, newBody)
        {
            case (null, null):
                return;
            case (null, { } added):
                Report(
                    added.Item1.GetBool("required")
                        ? DriftRule.RequestBodyAddedRequired
                        : DriftRule.RequestBodyAddedOptional,
                    added.Item2,
                    n.Title
                );
                return;
            case ({ } removed, null):
                Report(DriftRule.RequestBodyRemoved, removed.Item2, o.Title);
                return;
            case ({ } before, { } after):
                var (wasRequired, isRequired) = (before.Item1.GetBool("required"), after.Item1.GetBool("required"));
                if (wasRequired != isRequired)
                {
                    Report(
                        isRequired ? DriftRule.RequestBodyMadeRequired : DriftRule.RequestBodyMadeOptional,
                        JsonPointer.Append(after.Item2, "required"),
                        n.Title
                    );
                }
                CompareContent(
                    before.Item1.Get("content"),
                    JsonPointer.Append(before.Item2, "content"),
                    after.Item1.Get("content"),
                    JsonPointer.Append(after.Item2, "content"),
                    Side.Request,
                    n.Title
                );
                return;
        }
    }

    private void CompareResponses(Operation o, Operation n)
    {
        var oldResponses = o.Element.Get("responses");
        var newResponses = n.Element.Get("responses");
        var oldPointer = JsonPointer.Append(o.Pointer, "responses");
        var newPointer = JsonPointer.Append(n.Pointer, "responses");
        var oldStatuses = oldResponses.Properties().Select(p => p.Name).ToHashSet();
        var newStatuses = newResponses.Properties().Select(p => p.Name).ToHashSet();
        static bool IsSuccess(string status) => status.StartsWith('2');

        var successGone = oldStatuses.Where(IsSuccess).Except(newStatuses).Order().ToList();
        var successNew = newStatuses.Where(IsSuccess).Except(oldStatuses).Order().ToList();
        if (successGone.Count > 0)
        {
            Report(
                DriftRule.SuccessStatusChanged,
                newPointer,
                $"{n.Title}: {string.Join(", ", oldStatuses.Where(IsSuccess).Order())} -> "
                    + $"{string.Join(", ", newStatuses.Where(IsSuccess).Order())}",
                alsoCovers:
                [
                    .. successGone.Select(s => JsonPointer.Append(oldPointer, s)),
                    .. successNew.Select(s => JsonPointer.Append(newPointer, s)),
                ]
            );
        }
        else
        {
            foreach (var status in successNew)
            {
                Report(DriftRule.SuccessStatusAdded, JsonPointer.Append(newPointer, status), n.Title);
            }
        }
        foreach (var status in oldStatuses.Except(newStatuses).Where(s => !IsSuccess(s)))
        {
            Report(
                DriftRule.ErrorResponseChanged,
                JsonPointer.Append(oldPointer, status),
                $"{o.Title}: {status} removed"
            );
        }
        foreach (var status in newStatuses.Except(oldStatuses).Where(s => !IsSuccess(s)))
        {
            Report(
                DriftRule.ErrorResponseChanged,
                JsonPointer.Append(newPointer, status),
                $"{n.Title}: {status} added"
            );
        }
        foreach (var status in oldStatuses.Intersect(newStatuses))
        {
            var (before, beforePointer, _) = Json.Resolve(
                _oldRoot,
                oldResponses!.Value.Get(status)!.Value,
                JsonPointer.Append(oldPointer, status)
            );
            var (after, afterPointer, _) = Json.Resolve(
                _newRoot,
                newResponses!.Value.Get(status)!.Value,
                JsonPointer.Append(newPointer, status)
            );
            CompareContent(
                before.Get("content"),
                JsonPointer.Append(beforePointer, "content"),
                after.Get("content"),
                JsonPointer.Append(afterPointer, "content"),
                Side.Response,
                $"{n.Title} {status}"
            );
        }
    }

    private void CompareContent(
        JsonElement? oldContent,
        string oldPointer,
        JsonElement? newContent,
        string newPointer,
        Side side,
        string context
    )
    {
        foreach (var mediaType in Names(oldContent, newContent))
        {
            var o = oldContent?.Get(mediaType);
            var n = newContent?.Get(mediaType);
            if (n is null)
            {
                Report(DriftRule.MediaTypeRemoved, JsonPointer.Append(oldPointer, mediaType), context);
            }
            else if (o is null)
            {
                Report(DriftRule.MediaTypeAdded, JsonPointer.Append(newPointer, mediaType), context);
            }
            else
            {
                CompareSchemaAt(
                    o.Value,
                    JsonPointer.Append(oldPointer, mediaType),
                    n.Value,
                    JsonPointer.Append(newPointer, mediaType),
                    "schema",
                    side
                );
            }
        }
    }

    // ---- schemas ---------------------------------------------------------------------------

    private void CompareSchemaAt(
        JsonElement oldOwner,
        string oldOwnerPointer,
        JsonElement newOwner,
        string newOwnerPointer,
        string key,
        Side side
    )
    {
        var (o, n) = (oldOwner.Get(key), newOwner.Get(key));
        var (oldPointer, newPointer) = (
            JsonPointer.Append(oldOwnerPointer, key),
            JsonPointer.Append(newOwnerPointer, key)
        );
        if (o is { } before && n is { } after)
        {
            CompareSchema(before, oldPointer, after, newPointer, side);
        }
        else if (o is not null || n is not null)
        {
            Report(
                DriftRule.TypeChanged,
                n is null ? oldPointer : newPointer,
                n is null ? "schema removed" : "schema added",
                side
            );
        }
    }

    private void CompareSchema(JsonElement oldSchema, string oldSite, JsonElement newSchema, string newSite, Side side)
    {
        var (o, oldPointer, oldRef) = Json.Resolve(_oldRoot, oldSchema, oldSite);
        var (n, newPointer, newRef) = Json.Resolve(_newRoot, newSchema, newSite);
        if (oldRef != newRef && (oldRef is not null || newRef is not null))
        {
            Report(
                DriftRule.SchemaReferenceChanged,
                JsonPointer.Append(newSite, "$ref"),
                $"{oldRef ?? "(inline)"} -> {newRef ?? "(inline)"}",
                side,
                JsonPointer.Append(oldSite, "$ref"),
                oldSite,
                newSite
            );
            if (oldRef is not null && newRef is not null)
            {
                // One named schema replaced by another: that is the change. Each schema is compared on its
                // own (with its old self, or reported as added or removed); comparing the old one's content
                // with the new one's would list every property of the old schema as removed.
                return;
            }
        }
        _reachedSchemas.Add(oldPointer);
        _reachedSchemas.Add(newPointer);
        if (!_visited.Add((oldPointer, newPointer, side)))
        {
            return;
        }

        CompareKeyword(o, oldPointer, n, newPointer, "type", DriftRule.TypeChanged, side);
        CompareKeyword(o, oldPointer, n, newPointer, "format", DriftRule.FormatChanged, side);
        CompareKeyword(o, oldPointer, n, newPointer, "default", DriftRule.DefaultChanged, side);

        var (wasNullable, isNullable) = (o.GetBool("nullable"), n.GetBool("nullable"));
        if (wasNullable != isNullable)
        {
            Report(
                isNullable ? DriftRule.NullableAdded : DriftRule.NullableRemoved,
                JsonPointer.Append(newPointer, "nullable"),
                "",
                side,
                JsonPointer.Append(oldPointer, "nullable")
            );
        }

        CompareEnum(o, oldPointer, n, newPointer, side);
        CompareConstraints(o, oldPointer, n, newPointer, side);
        CompareProperties(o, oldPointer, n, newPointer, side);

        foreach (var key in new[] { "items", "additionalProperties" })
        {
            if (
                o.Get(key) is { ValueKind: JsonValueKind.Object } before
                && n.Get(key) is { ValueKind: JsonValueKind.Object } after
            )
            {
                CompareSchema(
                    before,
                    JsonPointer.Append(oldPointer, key),
                    after,
                    JsonPointer.Append(newPointer, key),
                    side
                );
            }
        }
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
        {
            var before = o.Get(key).Items().ToList();
            var after = n.Get(key).Items().ToList();
            if (before.Count != after.Count)
            {
                Report(
                    DriftRule.CompositionChanged,
                    JsonPointer.Append(newPointer, key),
                    $"{before.Count} -> {after.Count} members",
                    side,
                    JsonPointer.Append(oldPointer, key)
                );
            }
            for (var i = 0; i < Math.Min(before.Count, after.Count); i++)
            {
                CompareSchema(
                    before[i],
                    JsonPointer.Append(oldPointer, key) + "/" + i,
                    after[i],
                    JsonPointer.Append(newPointer, key) + "/" + i,
                    side
                );
            }
        }
        if (!Json.SameValue(o.Get("not"), n.Get("not")))
        {
            Report(
                DriftRule.CompositionChanged,
                JsonPointer.Append(newPointer, "not"),
                "",
                side,
                JsonPointer.Append(oldPointer, "not")
            );
        }
    }

    private void CompareKeyword(
        JsonElement o,
        string oldPointer,
        JsonElement n,
        string newPointer,
        string keyword,
        DriftRule rule,
        Side side
    )
    {
        var (before, after) = (o.Get(keyword), n.Get(keyword));
        if (!Json.SameValue(before, after) && !SameTypeSet(keyword, before, after))
        {
            Report(
                rule,
                JsonPointer.Append(newPointer, keyword),
                $"{Json.Show(before)} -> {Json.Show(after)}",
                side,
                JsonPointer.Append(oldPointer, keyword)
            );
        }

        static bool SameTypeSet(string keyword, JsonElement? a, JsonElement? b) =>
            keyword == "type"
            && a is { ValueKind: JsonValueKind.Array } x
            && b is { ValueKind: JsonValueKind.Array } y
            && x.EnumerateArray()
                .Select(Json.Canonical)
                .ToHashSet()
                .SetEquals(y.EnumerateArray().Select(Json.Canonical));
    }

    private void CompareEnum(JsonElement o, string oldPointer, JsonElement n, string newPointer, Side side)
    {
        var before = o.Get("enum").Items().Select(Json.Canonical).ToList();
        var after = n.Get("enum").Items().Select(Json.Canonical).ToList();
        var location = JsonPointer.Append(newPointer, "enum");
        var oldLocation = JsonPointer.Append(oldPointer, "enum");
        if (o.Get("enum") is null || n.Get("enum") is null)
        {
            if (o.Get("enum") is not null || n.Get("enum") is not null)
            {
                // A closed list appearing is a tightening; one disappearing is a loosening.
                Report(
                    n.Get("enum") is not null ? DriftRule.ConstraintTightened : DriftRule.ConstraintLoosened,
                    location,
                    "enum " + (n.Get("enum") is null ? "removed" : "added"),
                    side,
                    oldLocation
                );
            }
            return;
        }
        foreach (var value in before.Except(after))
        {
            Report(DriftRule.EnumValueRemoved, location, value, side, oldLocation);
        }
        foreach (var value in after.Except(before))
        {
            Report(DriftRule.EnumValueAdded, location, value, side, oldLocation);
        }
    }

    private void CompareConstraints(JsonElement o, string oldPointer, JsonElement n, string newPointer, Side side)
    {
        // +1: a larger value is tighter (minimum); -1: a smaller value is tighter (maximum).
        foreach (
            var (keyword, tighterWhenLarger) in new[]
            {
                ("minimum", 1),
                ("minLength", 1),
                ("minItems", 1),
                ("minProperties", 1),
                ("maximum", -1),
                ("maxLength", -1),
                ("maxItems", -1),
                ("maxProperties", -1),
            }
        )
        {
            var before = Number(o.Get(keyword));
            var after = Number(n.Get(keyword));
            if (before == after)
            {
                continue;
            }
            var tighter =
                before is null || (after is not null && Math.Sign(after.Value - before.Value) == tighterWhenLarger);
            Report(
                tighter ? DriftRule.ConstraintTightened : DriftRule.ConstraintLoosened,
                JsonPointer.Append(newPointer, keyword),
                $"{keyword} {Format(before)} -> {Format(after)}",
                side,
                JsonPointer.Append(oldPointer, keyword)
            );
        }
        foreach (
            var keyword in new[] { "pattern", "exclusiveMinimum", "exclusiveMaximum", "uniqueItems", "multipleOf" }
        )
        {
            var (before, after) = (WithoutFalse(o.Get(keyword)), WithoutFalse(n.Get(keyword)));
            if (!Json.SameValue(before, after))
            {
                var loosened = after is null || after.Value.ValueKind == JsonValueKind.False;
                Report(
                    loosened ? DriftRule.ConstraintLoosened : DriftRule.ConstraintTightened,
                    JsonPointer.Append(newPointer, keyword),
                    $"{keyword} {Json.Show(before)} -> {Json.Show(after)}",
                    side,
                    JsonPointer.Append(oldPointer, keyword)
                );
            }
        }

        // uniqueItems/exclusiveMinimum/exclusiveMaximum: false is what their absence means.
        static JsonElement? WithoutFalse(JsonElement? e) => e is { ValueKind: JsonValueKind.False } ? null : e;
        static decimal? Number(JsonElement? e) =>
            e is { ValueKind: JsonValueKind.Number } v && v.TryGetDecimal(out var d) ? d : null;
        static string Format(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "(none)";
    }

    private void CompareProperties(JsonElement o, string oldPointer, JsonElement n, string newPointer, Side side)
    {
        var oldProperties = o.Get("properties");
        var newProperties = n.Get("properties");
        var oldRequired = o.Get("required").Items().Select(e => e.GetString() ?? "").ToHashSet();
        var newRequired = n.Get("required").Items().Select(e => e.GetString() ?? "").ToHashSet();
        var names = Names(oldProperties, newProperties)
            .Union(oldRequired)
            .Union(newRequired)
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var oldLocation = JsonPointer.Append(JsonPointer.Append(oldPointer, "properties"), name);
            var newLocation = JsonPointer.Append(JsonPointer.Append(newPointer, "properties"), name);
            var before = oldProperties?.Get(name);
            var after = newProperties?.Get(name);
            var requiredCovers = new[]
            {
                JsonPointer.Append(oldPointer, "required"),
                JsonPointer.Append(newPointer, "required"),
            };
            if (before is not null && after is null)
            {
                Report(DriftRule.PropertyRemoved, oldLocation, "", side, requiredCovers);
                continue;
            }
            if (before is null && after is not null)
            {
                Report(
                    newRequired.Contains(name) ? DriftRule.PropertyAddedRequired : DriftRule.PropertyAddedOptional,
                    newLocation,
                    "",
                    side,
                    requiredCovers
                );
                continue;
            }
            if (!oldRequired.Contains(name) && newRequired.Contains(name))
            {
                Report(DriftRule.PropertyMadeRequired, newLocation, "", side, requiredCovers);
            }
            else if (oldRequired.Contains(name) && !newRequired.Contains(name))
            {
                Report(DriftRule.PropertyMadeOptional, newLocation, "", side, requiredCovers);
            }
            if (before is { } b && after is { } a)
            {
                CompareSchema(b, oldLocation, a, newLocation, side);
            }
        }
    }

    /// <summary>Named schemas no operation uses are still generated types: compare them as if used both ways.</summary>
    private void CompareUnreachedSchemas()
    {
        var oldSchemas = _oldRoot.Get("components")?.Get("schemas");
        var newSchemas = _newRoot.Get("components")?.Get("schemas");
        foreach (var name in Names(oldSchemas, newSchemas))
        {
            var pointer = JsonPointer.Append("#/components/schemas", name);
            var (o, n) = (oldSchemas?.Get(name), newSchemas?.Get(name));
            if (n is null)
            {
                Report(DriftRule.SchemaRemoved, pointer);
            }
            else if (o is null)
            {
                Report(DriftRule.SchemaAdded, pointer);
            }
            else if (!_reachedSchemas.Contains(pointer))
            {
                CompareSchema(o.Value, pointer, n.Value, pointer, Side.Both);
            }
        }
    }

    // Components that mean nothing until an operation references them by $ref.
    private static readonly string[] ReusableComponents = ["responses", "parameters", "requestBodies", "headers"];

    /// <summary>
    /// A reusable response, parameter, request body or header that is new. Operations that reference it are
    /// compared through the reference (an error response added, a parameter added): the component alone
    /// changes nothing. Removed or changed components are left to those comparisons and to the raw check.
    /// </summary>
    private void CompareReusableComponents()
    {
        foreach (var section in ReusableComponents)
        {
            var oldSection = _oldRoot.Get("components")?.Get(section);
            var newSection = _newRoot.Get("components")?.Get(section);
            foreach (var name in Names(oldSection, newSection).Where(name => oldSection?.Get(name) is null))
            {
                Report(
                    DriftRule.ComponentAdded,
                    JsonPointer.Append($"#/components/{section}", name),
                    SingularOf(section)
                );
            }
        }

        static string SingularOf(string section) =>
            section switch
            {
                "responses" => "response",
                "parameters" => "parameter",
                "requestBodies" => "request body",
                _ => "header",
            };
    }

    // ---- what the rules did not account for ------------------------------------------------

    private void AccountFor(List<RawDifference> raw)
    {
        foreach (var difference in raw)
        {
            if (IsCovered(difference) || IsExplicitDefault(difference))
            {
                continue;
            }
            var pointer = difference.Kind == RawDifferenceKind.Removed ? difference.OldPointer : difference.NewPointer;
            if (DocumentationPrefix(pointer) is { } documentation)
            {
                Report(DriftRule.Documentation, documentation);
            }
            else
            {
                Report(DriftRule.Unclassified, pointer, difference.Kind.ToString().ToLowerInvariant());
            }
        }
    }

    /// <summary>
    /// A keyword added or removed with the value OpenAPI assumes when it is absent (<c>"required": false</c> on a
    /// parameter, <c>"nullable": false</c>, ...): the same meaning, spelled out or not.
    /// </summary>
    private bool IsExplicitDefault(RawDifference difference)
    {
        if (difference.Kind is not (RawDifferenceKind.Added or RawDifferenceKind.Removed))
        {
            return false;
        }
        var pointer = difference.Kind == RawDifferenceKind.Added ? difference.NewPointer : difference.OldPointer;
        var root = difference.Kind == RawDifferenceKind.Added ? _newRoot : _oldRoot;
        var segments = JsonPointer.Segments(pointer);
        if (
            segments.Length == 0
            || !FalseByDefault.Contains(segments[^1])
            || (segments.Length > 1 && NameMaps.Contains(segments[^2]))
        )
        {
            return false;
        }
        return root.At(pointer) is { ValueKind: JsonValueKind.False };
    }

    // Keywords whose absence means false: written out as false, they change nothing.
    private static readonly HashSet<string> FalseByDefault =
    [
        "required",
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "allowEmptyValue",
        "allowReserved",
        "uniqueItems",
        "exclusiveMinimum",
        "exclusiveMaximum",
    ];

    private bool IsCovered(RawDifference difference)
    {
        var subtree = difference.Kind != RawDifferenceKind.Changed;
        foreach (var covered in _covered)
        {
            if (
                JsonPointer.IsAtOrBelow(difference.OldPointer, covered)
                || JsonPointer.IsAtOrBelow(difference.NewPointer, covered)
            )
            {
                return true;
            }
            if (
                subtree
                && (
                    JsonPointer.IsAtOrBelow(covered, difference.OldPointer)
                    || JsonPointer.IsAtOrBelow(covered, difference.NewPointer)
                )
            )
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The pointer up to a documentation keyword (description, example, x-..., ...), or null when the change
    /// is not only text.</summary>
    private static string? DocumentationPrefix(string pointer)
    {
        var segments = JsonPointer.Segments(pointer);
        for (var i = 0; i < segments.Length; i++)
        {
            var isKeyword = i == 0 || !NameMaps.Contains(segments[i - 1]);
            var segment = segments[i];
            var topLevelOnly = segment is "info" or "openapi";
            if (
                isKeyword
                && (
                    segment.StartsWith("x-", StringComparison.Ordinal)
                    || (DocumentationKeys.Contains(segment) && (!topLevelOnly || i == 0))
                )
            )
            {
                return "#" + string.Concat(segments.Take(i + 1).Select(s => "/" + JsonPointer.Escape(s)));
            }
        }
        return null;
    }

    private static IEnumerable<string> Names(JsonElement? a, JsonElement? b) =>
        a.Properties().Select(p => p.Name).Union(b.Properties().Select(p => p.Name)).Order(StringComparer.Ordinal);
}
