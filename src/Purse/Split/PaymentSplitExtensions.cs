namespace Purse;

/// <summary>A payment request's split, set from the parts <see cref="SplitCandidates"/> builds.</summary>
public static class PaymentSplitExtensions
{
    /// <summary>Sets the payment's split to <paramref name="parts"/>, replacing any.</summary>
    /// <returns>The same request, for chaining.</returns>
    public static CreatePaymentRequest SetSplit(this CreatePaymentRequest request, params SplitCandidate[] parts) =>
        Fluent.Set(request, r => r.Split = [.. parts ?? throw new ArgumentNullException(nameof(parts))]);
}
