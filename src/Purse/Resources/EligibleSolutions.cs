using Purse.Models;

namespace Purse;

internal sealed class EligibleSolutions : IEligibleSolutions
{
    private readonly PurseApiCaller _caller;
    private readonly RequestChecks _checks;

    public EligibleSolutions(PurseApiCaller caller, RequestChecks checks)
    {
        _caller = caller;
        _checks = checks;
    }

    public Task<EligibleSolutionsResponse> CheckAsync(EligibleSolutionsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = _checks.EntityId(request.EntityId);
        RequiredFields.Check(request);
        // A POST, but it only reads: still not retried, as every POST, to keep the rule simple.
        return _caller.CallAsync("POST payment/v2/eligible-solutions", isRead: false,
            (raw, ct) => raw.CheckEligibleSolutionsAsync(request, ct), cancellationToken);
    }
}
