namespace Purse;

/// <summary>Which Purse platform the client talks to.</summary>
public enum PurseEnvironment
{
    /// <summary><c>https://api.purse-sandbox.com/</c>: test payments, no money moves.</summary>
    Sandbox,

    /// <summary><c>https://api.purse-secure.com/</c>: real payments.</summary>
    Production,
}
