namespace Purse;

internal sealed class EligibleSolutions(
    [FromKeyedServices] PurseApiCaller caller,
    [FromKeyedServices] RequestChecks checks
) : IEligibleSolutions
{
    public Task<EligibleSolutionsResponse> CheckAsync(
        EligibleSolutionsRequest request,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EntityId = checks.EntityId(request.EntityId);
        RequiredFields.Check(request);
        // A POST that only reads: retried like a read.
        return caller.CallAsync(
            PurseOperations.CheckEligibleSolutions,
            (raw, ct) => raw.CheckEligibleSolutionsAsync(request, ct),
            cancellationToken
        );
    }
}
