using Purse.Models;

namespace Purse;

/// <summary>
/// Checks a payment's split before it is sent: parts sum to the amount, share its currency,
/// and at most one carries a 3DS server transaction id. (Implementation: issue 4.)
/// </summary>
public static class SplitValidation
{
    /// <summary>Throws a <see cref="PurseException"/> subtype naming the problem when the split is invalid.</summary>
    public static void Validate(CreatePaymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
    }
}
