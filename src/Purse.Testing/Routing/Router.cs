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

    public delegate Task<EmulatorResponse> Handler(EmulatorRequest request, RouteValues values, CancellationToken cancellationToken);

    /// <summary>Maps the spec's operation <paramref name="operationId"/> (which also names it for <see cref="EmulatorFaults"/>).</summary>
    public Router Map(string method, string template, string operationId, Handler handler)
    {
        var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{(\w+)}", "(?<$1>[^/]+)") + "/?$";
        _routes.Add(new Route(method, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase), operationId, handler));
        return this;
    }

    public async Task<EmulatorResponse> DispatchAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var route in _routes)
            {
                var match = route.Pattern.Match(request.Path);
                if (match.Success && string.Equals(route.Method, request.Method, StringComparison.OrdinalIgnoreCase))
                {
                    if (faults.Take(route.OperationId) is { } fault && await PlayAsync(fault, cancellationToken).ConfigureAwait(false) is { } faulted)
                    {
                        return faulted;
                    }
                    return await route.Handler(request, new RouteValues(match), cancellationToken).ConfigureAwait(false);
                }
            }
            throw EmulatorProblem.NotFound($"No operation {request.Method} {request.Path} in the Purse Payment API v2.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var problem = exception as EmulatorProblem ?? EmulatorProblem.Internal(exception);
            var response = EmulatorResponse.Problem(problem.ToProblemDetails(request.Path));
            return problem.Status == 401 ? response with { Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" } }
                : problem.RetryAfter is { } retryAfter ? response with { Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter } }
                : response;
        }
    }

    /// <summary>Waits a slow fault's delay; returns the fault's answer, or null to run the operation.</summary>
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
        var retryAfter = fault.RetryAfter is { } wait ? ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
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
                : throw EmulatorProblem.BadRequest($"The path parameter id must be a uuid; got '{raw}'.", [new ProblemDetailsError { Detail = "must match format \"uuid\"", Pointer = "/id" }]);
        }
    }
}
