using Purse.Models;

namespace Purse.Testing.Validation;

/// <summary>
/// Thrown inside the emulator's core to answer with an RFC 7807 problem; the router turns it
/// into the response, so a refused operation never changes state half-way.
/// </summary>
internal sealed class EmulatorProblem : Exception
{
    private EmulatorProblem(int status, string title, string detail, IReadOnlyList<ProblemDetailsError>? errors)
        : base(detail)
    {
        Status = status;
        Title = title;
        Errors = errors ?? [];
    }

    public int Status { get; }

    public string Title { get; }

    public IReadOnlyList<ProblemDetailsError> Errors { get; }

    /// <summary>The <c>Retry-After</c> header value (seconds) of an injected 429.</summary>
    public string? RetryAfter { get; private init; }

    /// <summary>The problem type: <c>about:blank</c>, or Purse's <c>urn:eu.purse:write-conflict</c>.</summary>
    public string Type { get; private init; } = "about:blank";

    /// <summary>The <c>resource_id</c> of a write-conflict: the result of the write first processed with the
    /// key.</summary>
    public Guid? ResourceId { get; private init; }

    /// <summary>An injected <see cref="HttpFault"/>: 429 or 5xx.</summary>
    public static EmulatorProblem Fault(int status, string detail, string? retryAfter) =>
        new(status, FaultTitle(status), detail, null) { RetryAfter = retryAfter };

    private static string FaultTitle(int status) =>
        status switch
        {
            401 => "Unauthorized",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => "Server Error",
        };

    /// <summary>
    /// Purse's 409 for an idempotency key already processed (page "Idempotency"): type
    /// <c>urn:eu.purse:write-conflict</c>, title "Idempotency violation", and the earlier result in <c>resource_id</c>.
    /// </summary>
    public static EmulatorProblem WriteConflict(Guid resourceId) =>
        new(409, "Idempotency violation", "A request with this x-idempotency-key was already processed.", null)
        {
            Type = "urn:eu.purse:write-conflict",
            ResourceId = resourceId,
        };

    public static EmulatorProblem BadRequest(string detail, IReadOnlyList<ProblemDetailsError>? errors = null) =>
        new(400, "Bad Request", detail, errors);

    /// <summary>A 400 about one field of the body, named by its JSON pointer (e.g. <c>/amount</c>).</summary>
    public static EmulatorProblem InvalidField(string pointer, string detail) =>
        new(
            400,
            "Bad Request",
            "The request body is invalid.",
            [new ProblemDetailsError { Pointer = pointer, Detail = detail }]
        );

    public static EmulatorProblem Unauthorized(string detail) => new(401, "Unauthorized", detail, null);

    public static EmulatorProblem Forbidden(string detail) => new(403, "Forbidden", detail, null);

    public static EmulatorProblem NotFound(string detail) => new(404, "Not Found", detail, null);

    /// <summary>A body over <see cref="EmulatorOptions.MaxRequestBodySize"/>.</summary>
    public static EmulatorProblem PayloadTooLarge(long limit) =>
        new(
            413,
            "Payload Too Large",
            $"The request body is larger than the emulator's limit of {limit} bytes "
                + "(EmulatorOptions.MaxRequestBodySize).",
            null
        );

    /// <summary>An emulator defect: still problem+json, never a bare 500.</summary>
    public static EmulatorProblem Internal(Exception exception) =>
        new(
            500,
            "Internal Server Error",
            $"The emulator failed: {exception.GetType().Name}: {exception.Message}",
            null
        );

    public ProblemDetails ToProblemDetails(string instance)
    {
        var problem = ResourceId is { } resourceId
            ? new WriteConflictProblem { ResourceId = resourceId }
            : new ProblemDetails();
        problem.Type = Type;
        problem.Title = Title;
        problem.Status = Status;
        problem.Detail = Message;
        problem.Instance = instance;
        problem.Errors = Errors.Count == 0 ? null : Errors.ToList();
        return problem;
    }
}
