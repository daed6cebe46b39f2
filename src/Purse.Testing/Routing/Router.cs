using System.Text.RegularExpressions;
using Purse.Models;
using Purse.Testing.Validation;

namespace Purse.Testing.Routing;

/// <summary>
/// A small router over <see cref="EmulatorRequest"/>: templates such as
/// <c>/payment/v2/payments/{id}</c> map to handlers; any <see cref="EmulatorProblem"/> a
/// handler throws becomes the problem+json response Purse would send.
/// </summary>
internal sealed class Router
{
    private readonly List<Route> _routes = [];

    public delegate Task<EmulatorResponse> Handler(EmulatorRequest request, RouteValues values, CancellationToken cancellationToken);

    public Router Map(string method, string template, Handler handler)
    {
        var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{(\w+)}", "(?<$1>[^/]+)") + "/?$";
        _routes.Add(new Route(method, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase), handler));
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
                    return await route.Handler(request, new RouteValues(match), cancellationToken).ConfigureAwait(false);
                }
            }
            throw EmulatorProblem.NotFound($"No operation {request.Method} {request.Path} in the Purse Payment API v2.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var problem = exception as EmulatorProblem ?? EmulatorProblem.Internal(exception);
            var response = EmulatorResponse.Problem(problem.ToProblemDetails(request.Path));
            return problem.Status == 401
                ? response with { Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer" } }
                : response;
        }
    }

    private sealed record Route(string Method, Regex Pattern, Handler Handler);
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
