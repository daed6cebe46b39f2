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
        var ratios = new long[parts];
        Array.Fill(ratios, 1L);
        return Allocate(ratios);
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
        {
            throw new ArgumentException("At least one ratio is needed.", nameof(ratios));
        }
        Int128 ratioSum = 0;
        for (var i = 0; i < ratios.Length; i++)
        {
            if (ratios[i] < 0)
            {
                throw new ArgumentException($"Ratios cannot be negative; ratios[{i}] is {ratios[i]}.", nameof(ratios));
            }
            ratioSum += ratios[i];
        }
        if (ratioSum == 0)
        {
            throw new ArgumentException("At least one ratio must be above zero.", nameof(ratios));
        }

        // Int128: |amount| * ratio needs up to 126 bits, so nothing here can overflow.
        var total = Int128.Abs(MinorUnits);
        var shares = new Int128[ratios.Length];
        var remainders = new Int128[ratios.Length];
        Int128 allocated = 0;
        for (var i = 0; i < ratios.Length; i++)
        {
            (shares[i], remainders[i]) = Int128.DivRem(total * ratios[i], ratioSum);
            allocated += shares[i];
        }
        var leftOver = (int)(total - allocated); // < number of parts with a remainder
        foreach (var i in Enumerable.Range(0, ratios.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(leftOver))
        {
            shares[i]++;
        }

        var sign = MinorUnits < 0 ? -1 : 1;
        var currency = Currency;
        return Array.ConvertAll(shares, share => new Money((long)(sign * share), currency));
    }
}
