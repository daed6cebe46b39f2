namespace Purse;

/// <summary>
/// An amount that cannot be made or combined exactly: more decimals than the currency has
/// (42.999 EUR, 0.5 JPY), two currencies mixed, an overflow, a currency without a known
/// exponent, or text that is not an amount. Nothing is rounded or wrapped silently.
/// </summary>
/// <param name="message">What went wrong.</param>
/// <param name="innerException">The error that caused it, if any.</param>
public sealed class PurseMoneyException(string message, Exception? innerException = null)
    : PurseException(message, innerException);
