using System.Reflection;
using System.Runtime.Loader;
using PublicApiGenerator;

namespace Purse.SpecTools.PublicApi;

/// <summary>
/// The public C# surface of one assembly, as PublicApiGenerator prints it (LF line ends). The
/// assembly is loaded into its own collectible load context, so a freshly built copy can be read
/// beside the one a test already has loaded; its dependencies come from its folder or its
/// .deps.json (NuGet cache), else from the host.
/// </summary>
public static class PublicApiSurface
{
    private static readonly ApiGeneratorOptions Options = new()
    {
        // Attributes such as TargetFramework or InternalsVisibleTo are not API: leave them out.
        IncludeAssemblyAttributes = false,
    };

    public static string Render(Assembly assembly) => Normalise(assembly.GeneratePublicApi(Options));

    public static string Render(string assemblyPath)
    {
        var context = new IsolatedContext(Path.GetFullPath(assemblyPath));
        try
        {
            return Render(context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath)));
        }
        finally
        {
            context.Unload();
        }
    }

    private static string Normalise(string api) => api.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";

    private sealed class IsolatedContext(string assemblyPath) : AssemblyLoadContext("public-api " + Path.GetFileName(assemblyPath), isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);
        private readonly string _folder = Path.GetDirectoryName(assemblyPath)!;

        protected override Assembly? Load(AssemblyName name)
        {
            var beside = Path.Combine(_folder, name.Name + ".dll");
            if (File.Exists(beside))
            {
                return LoadFromAssemblyPath(beside);
            }
            return _resolver.ResolveAssemblyToPath(name) is { } resolved ? LoadFromAssemblyPath(resolved) : null;
        }
    }
}
