namespace Purse;

internal sealed class EligibleSolutions(PurseApiCaller caller, RequestChecks checks) : IEligibleSolutions
{
    public Task<EligibleSolutionsResponse> CheckAsync(EligibleSolutionsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = checks.EntityId(request.EntityId);
        RequiredFields.Check(request);
        // A POST that only reads: still sent once, as every POST, to keep the rule simple.
        return caller.CallAsync("POST payment/v2/eligible-solutions", (raw, ct) => raw.CheckEligibleSolutionsAsync(request, ct), cancellationToken);
    }
}
