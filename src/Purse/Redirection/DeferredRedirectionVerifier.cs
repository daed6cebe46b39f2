namespace Purse;

/// <summary>
/// Creates the verifier on first use. Its options are read then, so invalid options fail at
/// start or at the first verification rather than when <see cref="IPurseClient"/> is resolved;
/// a failed creation is not cached.
/// </summary>
internal sealed class DeferredRedirectionVerifier(Func<IRedirectionVerifier> create) : IRedirectionVerifier
{
    private readonly Lazy<IRedirectionVerifier> _verifier = new(create, LazyThreadSafetyMode.PublicationOnly);

    public Task<RedirectionData> VerifyAsync(string tokenOrReturnUrl, CancellationToken cancellationToken = default) =>
        _verifier.Value.VerifyAsync(tokenOrReturnUrl, cancellationToken);
}
