namespace Purse;

/// <summary>Fluent options of a <see cref="NewAuthorizationCandidate"/> built by
/// <see cref="SplitCandidates.New"/>.</summary>
public static class NewAuthorizationCandidateExtensions
{
    /// <summary>Pays with the token produced by the partner's card form (vault).</summary>
    public static NewAuthorizationCandidate SetVaultFormToken(
        this NewAuthorizationCandidate candidate,
        string vaultFormToken
    ) => Fluent.Set(candidate, c => c.VaultFormToken = vaultFormToken);

    /// <summary>Pays with the token produced by a wallet (e.g. Apple Pay).</summary>
    public static NewAuthorizationCandidate SetWalletToken(
        this NewAuthorizationCandidate candidate,
        string walletToken
    ) => Fluent.Set(candidate, c => c.WalletToken = walletToken);

    /// <summary>Asks the partner to keep the payment means for later use (or, with false, says explicitly not
    /// to).</summary>
    public static NewAuthorizationCandidate SetSaveToken(
        this NewAuthorizationCandidate candidate,
        bool saveToken = true
    ) => Fluent.Set(candidate, c => c.SaveToken = saveToken);

    /// <summary>Sets the 3DS options of this authorization.</summary>
    public static NewAuthorizationCandidate SetThreeDsAuthenticationOptions(
        this NewAuthorizationCandidate candidate,
        PaymentThreeDsAuthenticationOptions options
    ) =>
        Fluent.Set(candidate, c =>
            c.ThreeDsAuthenticationOptions = options ?? throw new ArgumentNullException(nameof(options))
        );

    /// <summary>Sets the 3DS server transaction id; at most one part of a split may carry one.</summary>
    public static NewAuthorizationCandidate SetThreeDsServerTransId(
        this NewAuthorizationCandidate candidate,
        string threeDsServerTransId
    ) => Fluent.Set(candidate, c => c.ThreeDsServerTransId = threeDsServerTransId);
}
