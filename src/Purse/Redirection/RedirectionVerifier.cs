namespace Purse;

/// <summary>Verifies redirection data against Purse's signing keys. (Implementation: issue 5.)</summary>
internal sealed class RedirectionVerifier : IRedirectionVerifier
{
    private readonly IJwksFetcher _fetcher;
    private readonly TimeProvider _timeProvider;
    private readonly RedirectionVerificationOptions _options;

    public RedirectionVerifier(IJwksFetcher fetcher, TimeProvider timeProvider, RedirectionVerificationOptions options)
    {
        _fetcher = fetcher;
        _timeProvider = timeProvider;
        _options = options;
    }

    public Task<RedirectionData> VerifyAsync(string tokenOrReturnUrl, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException($"Redirection verification is not built yet ({_fetcher}, {_timeProvider}, {_options}).");
}
