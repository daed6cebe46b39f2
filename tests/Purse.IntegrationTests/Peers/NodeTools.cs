using Purse.Tests.Support;

namespace Purse.IntegrationTests.Peers;

/// <summary>The node tools of build/package.json, installed by build/npm-tools.</summary>
internal static class NodeTools
{
    /// <summary>The path of an installed tool; a missing tool is an error, never a skip.</summary>
    public static string Path(string name)
    {
        var path = RepoPaths.Combine("build", "node_modules", ".bin", name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The node tool '{name}' is not installed ({path}). Run 'bash build/npm-tools' (build/test does)."
            );
        }
        return path;
    }
}
