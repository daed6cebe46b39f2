using System.Text;

namespace Purse.SpecTools.PublicApi;

/// <summary>
/// The approved public surface of the package: one file per assembly,
/// <c>tests/Purse.Tests/PublicApi/&lt;Assembly&gt;.approved.txt</c>. A surface that differs is
/// written beside it as <c>&lt;Assembly&gt;.received.txt</c> (gitignored) and reported as a unified
/// diff; approving copies the surface over the approved file.
/// </summary>
public static class PublicApiBaseline
{
    public static string ApprovedFile(string directory, string assemblyName) =>
        Path.Combine(directory, assemblyName + ".approved.txt");

    public static string ReceivedFile(string directory, string assemblyName) =>
        Path.Combine(directory, assemblyName + ".received.txt");

    /// <summary>Compares <paramref name="surface"/> with the approved file; returns "" when equal, else a diff naming
    /// the changed lines.</summary>
    public static string Check(string directory, string assemblyName, string surface)
    {
        var approvedPath = ApprovedFile(directory, assemblyName);
        var receivedPath = ReceivedFile(directory, assemblyName);
        var approved = File.Exists(approvedPath)
            ? File.ReadAllText(approvedPath).Replace("\r\n", "\n", StringComparison.Ordinal)
            : "";
        if (approved == surface)
        {
            File.Delete(receivedPath);
            return "";
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, surface, new UTF8Encoding(false));
        var diff = UnifiedDiff.Between(
            approved,
            surface,
            $"{assemblyName}.approved.txt",
            $"{assemblyName} (this build)"
        );
        return $"The public API of {assemblyName} differs from {Path.GetFileName(approvedPath)}"
            + (File.Exists(approvedPath) ? "" : " (no approved file yet)")
            + $". If the change is intended, approve it with build/approve-api.\n{diff}";
    }

    public static void Approve(string directory, string assemblyName, string surface)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(ApprovedFile(directory, assemblyName), surface, new UTF8Encoding(false));
        File.Delete(ReceivedFile(directory, assemblyName));
    }
}
