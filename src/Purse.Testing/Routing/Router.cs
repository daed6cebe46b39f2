using System.Text.RegularExpressions;
using Purse.Models;
using Purse.Testing.Validation;

namespace Purse.Testing.Routing;

/// <summary>
/// A small router over <see cref="EmulatorRequest"/>: templates such as
/// <c>/payment/v2/payments/{id}</c> map to handlers; any <see cref="EmulatorProblem"/> a
/// handler throws becomes the problem+json response Purse would send.
/// </summary>
internal sealed class Router(EmulatorFaults faults, TimeProvider time)
{
    private readonly List<Route> _routes = [];

    public delegate Task<EmulatorResponse> Handler(
        EmulatorRequest request,
        RouteValues values,
        CancellationToken cancellationToken
    );

    /// <summary>Maps the spec's operation <paramref name="operationId"/> (which also names it for
    /// <see cref="EmulatorFaults"/>).</summary>
    public Router Map(string method, string template, string operationId, Handler handler)
    {
        var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{(\w+)}", "(?<$1>[^/]+)") + "/?$";
        _routes.Add(
            new Route(
                method,
                new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
                operationId,
                handler
            )
        );
        return this;
    }

    public async Task<EmulatorResponse> DispatchAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        foreach (var route in _routes)
        {
            var match = route.Pattern.Match(request.Path);
            if (match.Success && string.Equals(route.Method, request.Method, StringComparison.OrdinalIgnoreCase))
            {
                return await RunAsync(route, new RouteValues(match), request, cancellationToken).ConfigureAwait(false);
            }
        }
        return Answer(
            EmulatorProblem.NotFound($"No operation {request.Method} {request.Path} in the Purse Payment API v2."),
            request
        );
    }

    /// <summary>The operation's answer, with the fault armed for it played before the operation or after it.</summary>
    private async Task<EmulatorResponse> RunAsync(
        Route route,
        RouteValues values,
        EmulatorRequest request,
        CancellationToken cancellationToken
    )
    {
        var fault = faults.Take(route.OperationId);
        EmulatorResponse answer;
        try
        {
            if (
                fault is { IsAfterCommit: false }
                && await PlayAsync(fault, cancellationToken).ConfigureAwait(false) is { } faulted
            )
            {
                return faulted;
            }
            answer = await route.Handler(request, values, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            answer = Answer(exception, request);
        }
        if (fault is not { IsAfterCommit: true })
        {
            return answer;
        }
        // The operation has run and its changes are kept: only its answer is lost, replaced or late.
        try
        {
            return await PlayAsync(fault, cancellationToken).ConfigureAwait(false) ?? answer;
        }
        catch (EmulatorProblem problem)
        {
            return Answer(problem, request);
        }
    }

    /// <summary>The problem+json answer of a failure: an <see cref="EmulatorProblem"/>, else an emulator defect
    /// (500).</summary>
    private static EmulatorResponse Answer(Exception exception, EmulatorRequest request)
    {
        var problem = exception as EmulatorProblem ?? EmulatorProblem.Internal(exception);
        var response = EmulatorResponse.Problem(problem.ToProblemDetails(request.Path));
        return problem.Status == 401
                ? response with
                {
                    Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" },
                }
            : problem.RetryAfter is { } retryAfter
                ? response with
                {
                    Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter },
                }
            : response;
    }

    /// <summary>Waits a slow fault's delay; returns the fault's answer, or null for the operation's own.</summary>
    private async Task<EmulatorResponse?> PlayAsync(HttpFault fault, CancellationToken cancellationToken)
    {
        if (fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, time, cancellationToken).ConfigureAwait(false);
        }
        if (fault.Drop)
        {
            return EmulatorResponse.Dropped;
        }
        if (fault.Status is not { } status)
        {
            return null;
        }
        var retryAfter = fault.RetryAfter is { } wait
            ? ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : null;
        throw EmulatorProblem.Fault(status, $"Fault injected by the emulator: {fault}.", retryAfter);
    }

    private sealed record Route(string Method, Regex Pattern, string OperationId, Handler Handler);
}

/// <summary>The values a route template captured, e.g. <c>{id}</c>.</summary>
internal sealed class RouteValues(Match match)
{
    /// <summary>The <c>{id}</c> path parameter, which the spec types as a uuid.</summary>
    public Guid Id
    {
        get
        {
            var raw = Uri.UnescapeDataString(match.Groups["id"].Value);
            return Guid.TryParseExact(raw, "D", out var id)
                ? id
                : throw EmulatorProblem.BadRequest(
                    $"The path parameter id must be a uuid; got '{raw}'.",
                    [new ProblemDetailsError { Detail = "must match format \"uuid\"", Pointer = "/id" }]
                );
        }
    }
}
