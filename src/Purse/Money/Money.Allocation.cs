namespace Purse;

public readonly partial record struct Money
{
    /// <summary>
    /// Splits the amount into <paramref name="parts"/> parts that sum exactly to it and differ
    /// by at most one minor unit, the larger ones first: 100 EUR cents in 3 is 34, 33, 33.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> is less than 1.</exception>
    public IReadOnlyList<Money> Allocate(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        return Allocate(Enumerable.Repeat(1L, parts).ToArray());
    }

    /// <summary>
    /// Splits the amount by <paramref name="ratios"/> (e.g. 70, 30) into parts that sum exactly to
    /// it. Each part is its exact share rounded down; the minor units left over go one each to
    /// the parts whose shares lost the most in rounding (earlier parts first on ties). A zero
    /// ratio gets zero. A negative amount is split like its opposite, then negated.
    /// </summary>
    /// <exception cref="ArgumentException">No ratio, a negative ratio, or all ratios zero.</exception>
    public IReadOnlyList<Money> Allocate(params long[] ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        RequireCurrency(this);
        if (ratios.Length == 0)
            throw new ArgumentException("At least one ratio is needed.", nameof(ratios));
        if (Array.FindIndex(ratios, ratio => ratio < 0) is var negative and >= 0)
            throw new ArgumentException($"Ratios cannot be negative; ratios[{negative}] is {ratios[negative]}.", nameof(ratios));
        var ratioSum = ratios.Aggregate(Int128.Zero, (sum, ratio) => sum + ratio);
        if (ratioSum == 0)
            throw new ArgumentException("At least one ratio must be above zero.", nameof(ratios));

        // Int128: |amount| * ratio needs up to 126 bits, so nothing here can overflow.
        var total = Int128.Abs(MinorUnits);
        var shares = Array.ConvertAll(ratios, ratio => Int128.DivRem(total * ratio, ratioSum));
        var leftOver = (int)(total - shares.Aggregate(Int128.Zero, (sum, share) => sum + share.Quotient)); // < parts with a remainder
        // OrderByDescending is a stable sort: on equal losses the earlier part comes first.
        foreach (var i in Enumerable.Range(0, shares.Length).OrderByDescending(i => shares[i].Remainder).Take(leftOver))
            shares[i].Quotient++;

        var (isNegative, currency) = (MinorUnits < 0, Currency);
        return Array.ConvertAll(shares, share => new Money((long)(isNegative ? -share.Quotient : share.Quotient), currency));
    }
}
