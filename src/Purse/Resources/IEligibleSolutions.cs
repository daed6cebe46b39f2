namespace Purse;

/// <summary>Eligible solutions (tag <c>eligible-solutions</c>).</summary>
public interface IEligibleSolutions
{
    /// <summary>
    /// Lists the partners and methods that can pay this order. An empty <c>EntityId</c> is
    /// filled from the options.
    /// </summary>
    Task<EligibleSolutionsResponse> CheckAsync(
        EligibleSolutionsRequest request,
        CancellationToken cancellationToken = default
    );
}
