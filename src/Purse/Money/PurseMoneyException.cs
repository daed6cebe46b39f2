namespace Purse;

/// <summary>
/// An amount that cannot be made or combined exactly: more decimals than the currency has
/// (42.999 EUR, 0.5 JPY), two currencies mixed, an overflow, a currency without a known
/// exponent, or text that is not an amount. Nothing is rounded or wrapped silently.
/// </summary>
public sealed class PurseMoneyException : PurseException
{
    /// <summary>Creates the error.</summary>
    public PurseMoneyException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
