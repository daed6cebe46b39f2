namespace Purse.SpecTools.Drift;

/// <summary>Whether a change breaks this client (its generated code, its facade, or the calls it sends).</summary>
public enum Impact
{
    NonBreaking,
    Breaking,
}

/// <summary>Where a schema is used: what we send (request) or what we read (response). Some rules depend on
/// it.</summary>
[Flags]
public enum Side
{
    None = 0,
    Request = 1,
    Response = 2,
    Both = Request | Response,
}

/// <summary>
/// One kind of change and what it means for this client. <see cref="All"/> is THE rules table:
/// the differ labels with it and README.md shows it (`build/drift --rules` prints it).
/// </summary>
public sealed record DriftRule(string Name, Impact OnRequest, Impact OnResponse, string Why)
{
    private DriftRule(string name, Impact impact, string why)
        : this(name, impact, impact, why) { }

    public bool DependsOnSide => OnRequest != OnResponse;

    public Impact ImpactFor(Side side) =>
        !DependsOnSide ? OnRequest
        : (
            (side.HasFlag(Side.Request) && OnRequest == Impact.Breaking)
            || (side.HasFlag(Side.Response) && OnResponse == Impact.Breaking)
        )
            ? Impact.Breaking
        : Impact.NonBreaking;

    private const Impact B = Impact.Breaking;
    private const Impact N = Impact.NonBreaking;

    public static readonly DriftRule OperationRemoved = new(
        "operation removed",
        B,
        "the generated method calls an endpoint that no longer exists"
    );
    public static readonly DriftRule OperationMoved = new(
        "operation path or method changed",
        B,
        "same operationId, but the generated method calls the old path/method"
    );
    public static readonly DriftRule OperationIdChanged = new(
        "operationId changed",
        B,
        "the generated method is renamed; the facade that calls it no longer compiles"
    );
    public static readonly DriftRule OperationAdded = new(
        "operation added",
        N,
        "a new generated method; nothing existing changes"
    );
    public static readonly DriftRule ParameterRemoved = new(
        "parameter removed",
        B,
        "the generated method's signature changes; what we send is no longer understood"
    );
    public static readonly DriftRule ParameterAddedRequired = new(
        "required parameter added",
        B,
        "requests without it are refused; the generated signature changes"
    );
    public static readonly DriftRule ParameterAddedOptional = new(
        "optional parameter added",
        N,
        "requests without it stay valid"
    );
    public static readonly DriftRule ParameterMadeRequired = new(
        "parameter made required",
        B,
        "requests that omit it are refused"
    );
    public static readonly DriftRule ParameterMadeOptional = new(
        "parameter made optional",
        N,
        "every request we send stays valid"
    );
    public static readonly DriftRule RequestBodyAddedRequired = new(
        "required request body added",
        B,
        "requests without a body are refused"
    );
    public static readonly DriftRule RequestBodyAddedOptional = new(
        "optional request body added",
        N,
        "requests without a body stay valid"
    );
    public static readonly DriftRule RequestBodyRemoved = new(
        "request body removed",
        B,
        "the body we send is no longer accepted; the generated signature changes"
    );
    public static readonly DriftRule RequestBodyMadeRequired = new(
        "request body made required",
        B,
        "requests without a body are refused"
    );
    public static readonly DriftRule RequestBodyMadeOptional = new(
        "request body made optional",
        N,
        "every request we send stays valid"
    );
    public static readonly DriftRule MediaTypeRemoved = new(
        "media type removed",
        B,
        "we send or expect a content type the API no longer declares"
    );
    public static readonly DriftRule MediaTypeAdded = new("media type added", N, "the types we use are still there");
    public static readonly DriftRule SuccessStatusChanged = new(
        "success response status changed",
        B,
        "the generated client throws on a success status the spec does not list"
    );
    public static readonly DriftRule SuccessStatusAdded = new(
        "success response status added",
        N,
        "the old statuses stay; the regenerated client accepts the new one"
    );
    public static readonly DriftRule ErrorResponseChanged = new(
        "error response added or removed",
        N,
        "every error status ends in the same typed exception"
    );
    public static readonly DriftRule PropertyRemoved = new(
        "property removed",
        B,
        "requests: the API no longer takes what we send; responses: the generated property is never filled, and it "
            + "disappears from our public types"
    );
    public static readonly DriftRule PropertyAddedRequired = new(
        "required property added",
        B,
        N,
        "requests: requests without it are refused; responses: a new field, kept by the generated type"
    );
    public static readonly DriftRule PropertyAddedOptional = new(
        "optional property added",
        N,
        "requests stay valid; responses: a new field, kept by the generated type"
    );
    public static readonly DriftRule PropertyMadeRequired = new(
        "property made required",
        B,
        N,
        "requests: requests that omit it are refused; responses: a stronger guarantee"
    );
    public static readonly DriftRule PropertyMadeOptional = new(
        "property made optional",
        N,
        B,
        "requests: still valid; responses: we generate a non-nullable type for a required response property, which "
            + "may now be missing"
    );
    public static readonly DriftRule NullableAdded = new(
        "property made nullable",
        N,
        B,
        "requests: still valid; responses: a non-nullable generated property may now receive null"
    );
    public static readonly DriftRule NullableRemoved = new(
        "property made non-nullable",
        B,
        N,
        "requests: a null we send is refused; responses: a stronger guarantee"
    );
    public static readonly DriftRule TypeChanged = new(
        "type changed",
        B,
        "the generated property's type changes, and so do the values on the wire"
    );
    public static readonly DriftRule FormatChanged = new(
        "format changed",
        B,
        "the generated property's type or its serialised form changes"
    );
    public static readonly DriftRule EnumValueRemoved = new(
        "enum value removed",
        B,
        "requests: a value we may send is refused; responses: our public enum loses a member"
    );
    public static readonly DriftRule EnumValueAdded = new(
        "enum value added",
        N,
        "enums are open: the client keeps unknown values"
    );
    public static readonly DriftRule ConstraintTightened = new(
        "constraint tightened",
        B,
        N,
        "requests: values we may send are refused (min/max, length, pattern); responses: we do not validate them"
    );
    public static readonly DriftRule ConstraintLoosened = new(
        "constraint loosened",
        N,
        "every value valid before stays valid"
    );
    public static readonly DriftRule CompositionChanged = new(
        "oneOf/anyOf/allOf/not changed",
        B,
        "the shape of a union or composition changes, and with it the generated or hand-written types"
    );
    public static readonly DriftRule SchemaReferenceChanged = new(
        "schema reference changed",
        N,
        "another named schema: the content is compared on its own; a rename shows in the public API report"
    );
    public static readonly DriftRule SchemaRemoved = new(
        "schema removed",
        B,
        "its generated type disappears from our public API"
    );
    public static readonly DriftRule SchemaAdded = new(
        "schema added",
        N,
        "a new generated type; nothing existing changes"
    );
    public static readonly DriftRule ComponentAdded = new(
        "reusable component added",
        N,
        "a response, parameter, request body or header that operations may reference; until one does nothing uses "
            + "it, and that reference is reported on its own"
    );
    public static readonly DriftRule DefaultChanged = new(
        "default value changed",
        N,
        "the client sends what the caller sets; the server applies its default otherwise"
    );
    public static readonly DriftRule SecurityChanged = new(
        "security requirements changed",
        B,
        "requests authenticated as before may be refused"
    );
    public static readonly DriftRule SecuritySchemeChanged = new(
        "security scheme changed or removed",
        B,
        "how we authenticate (token URL, header name, flow) is no longer what the API expects"
    );
    public static readonly DriftRule SecuritySchemeAdded = new(
        "security scheme added",
        N,
        "not required anywhere until a security requirement names it (that change is reported on its own)"
    );
    public static readonly DriftRule ServerRemoved = new(
        "server removed or its URL changed",
        B,
        "clients configured with that base address stop working"
    );
    public static readonly DriftRule ServerAdded = new("server added", N, "existing base addresses keep working");
    public static readonly DriftRule Documentation = new(
        "documentation changed",
        N,
        "descriptions, summaries, titles, examples, tags, deprecation and x- extensions change no generated code and "
            + "no wire format"
    );
    public static readonly DriftRule Unclassified = new(
        "other change (no rule)",
        B,
        "anything the differ has no rule for is reported as breaking, so a person looks at it"
    );

    public static IReadOnlyList<DriftRule> All { get; } =
    [
        OperationRemoved,
        OperationMoved,
        OperationIdChanged,
        OperationAdded,
        ParameterRemoved,
        ParameterAddedRequired,
        ParameterAddedOptional,
        ParameterMadeRequired,
        ParameterMadeOptional,
        RequestBodyAddedRequired,
        RequestBodyAddedOptional,
        RequestBodyRemoved,
        RequestBodyMadeRequired,
        RequestBodyMadeOptional,
        MediaTypeRemoved,
        MediaTypeAdded,
        SuccessStatusChanged,
        SuccessStatusAdded,
        ErrorResponseChanged,
        PropertyRemoved,
        PropertyAddedRequired,
        PropertyAddedOptional,
        PropertyMadeRequired,
        PropertyMadeOptional,
        NullableAdded,
        NullableRemoved,
        TypeChanged,
        FormatChanged,
        EnumValueRemoved,
        EnumValueAdded,
        ConstraintTightened,
        ConstraintLoosened,
        CompositionChanged,
        SchemaReferenceChanged,
        SchemaRemoved,
        SchemaAdded,
        ComponentAdded,
        DefaultChanged,
        SecurityChanged,
        SecuritySchemeChanged,
        SecuritySchemeAdded,
        ServerRemoved,
        ServerAdded,
        Documentation,
        Unclassified,
    ];

    /// <summary>The rules as the Markdown table of README.md ("The drift rules").</summary>
    public static string MarkdownTable()
    {
        static string Label(Impact impact) => impact == Impact.Breaking ? "BREAKING" : "non-breaking";
        var lines = new List<string>
        {
            "| change | in a request | in a response | why, for this client |",
            "|---|---|---|---|",
        };
        lines.AddRange(All.Select(r => $"| {r.Name} | {Label(r.OnRequest)} | {Label(r.OnResponse)} | {r.Why} |"));
        return string.Join('\n', lines) + "\n";
    }
}
