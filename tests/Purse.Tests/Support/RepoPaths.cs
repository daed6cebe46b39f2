namespace Purse.Tests.Support;

/// <summary>Locates files of the repository from the test's output folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root: the folder that holds nswag.json.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The OpenAPI spec the client is generated from.</summary>
    public static string Spec => Path.Combine(Root, "openapi", "purse-payment-v2.json");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nswag.json")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            "Could not find the repository root (a folder with nswag.json) above "
                + TestContext.CurrentContext.TestDirectory
        );
    }
}
