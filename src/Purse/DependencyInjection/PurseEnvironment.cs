namespace Purse;

/// <summary>Which Purse platform the client talks to.</summary>
public enum PurseEnvironment
{
    /// <summary>
    /// Preproduction, <c>https://api.purse-sandbox.com/</c> (tokens from <c>https://api.purse-sandbox.com/oauth/token</c>):
    /// test payments, no money moves.
    /// </summary>
    Sandbox,

    /// <summary>
    /// <c>https://api.purse-live.com/</c> (tokens from <c>https://api.purse-live.com/oauth/token</c>): real payments.
    /// Hosts from Purse's "Conventions" page (https://docs.purse.tech/docs/references/convention).
    /// </summary>
    Production,
}
