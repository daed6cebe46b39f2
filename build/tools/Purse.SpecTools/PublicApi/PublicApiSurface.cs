using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using PublicApiGenerator;

namespace Purse.SpecTools.PublicApi;

/// <summary>
/// The public C# surface of one assembly, as PublicApiGenerator prints it (LF line ends).
/// <para>
/// A built assembly is read from a private staging folder that also holds its dependencies
/// (found beside it or, for a class library's bin folder, in the NuGet cache through its
/// .deps.json): PublicApiGenerator reads metadata with Mono.Cecil, which looks for referenced
/// assemblies beside the one it reads. It is loaded into its own collectible load context, so a
/// freshly built copy can be read beside the one a test already has loaded.
/// </para>
/// </summary>
public static class PublicApiSurface
{
    private static readonly ApiGeneratorOptions Options = new()
    {
        // Attributes such as TargetFramework or InternalsVisibleTo are not API: leave them out.
        IncludeAssemblyAttributes = false,
        // PublicApiGenerator leaves out every type in a Microsoft.* or System.* namespace; our
        // registration methods (AddPurseClient, AddPurseDistributedTokenCache, ...) live in
        // Microsoft.Extensions.DependencyInjection on purpose, and they are API.
        AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],
    };

    public static string Render(Assembly assembly) => Normalise(assembly.GeneratePublicApi(Options));

    public static string Render(string assemblyPath)
    {
        assemblyPath = Path.GetFullPath(assemblyPath);
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"No assembly at {assemblyPath}: build it first.", assemblyPath);
        }
        var staging = Directory.CreateTempSubdirectory("purse-public-api-");
        var context = new StagingContext(assemblyPath, staging.FullName);
        try
        {
            var assembly = context.LoadStaged(assemblyPath);
            context.StageDependencies(assembly);
            return Render(assembly);
        }
        finally
        {
            context.Unload();
            try
            {
                staging.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still mapped by the unloading context; the temp folder is cleaned up later.
            }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static string Normalise(string api) =>
        api.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";

    private sealed class StagingContext(string assemblyPath, string staging)
        : AssemblyLoadContext("public-api " + Path.GetFileName(assemblyPath), isCollectible: true)
    {
        private readonly string _folder = Path.GetDirectoryName(assemblyPath)!;
        private readonly Dictionary<string, string> _packageAssemblies = PackageAssemblies(assemblyPath);

        public Assembly LoadStaged(string path)
        {
            var target = Path.Combine(staging, Path.GetFileName(path));
            File.Copy(path, target, overwrite: true);
            return LoadFromAssemblyPath(target);
        }

        /// <summary>Copies every dependency we can find (transitively) into the staging folder, for
        /// Mono.Cecil.</summary>
        public void StageDependencies(Assembly root)
        {
            var pending = new Queue<Assembly>([root]);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { root.GetName().Name! };
            while (pending.Count > 0)
            {
                foreach (var reference in pending.Dequeue().GetReferencedAssemblies())
                {
                    if (seen.Add(reference.Name!) && Find(reference) is not null && Load(reference) is { } loaded)
                    {
                        pending.Enqueue(loaded);
                    }
                }
            }
        }

        protected override Assembly? Load(AssemblyName name)
        {
            if (Find(name) is not { } path)
            {
                return null; // the framework, from the host
            }
            var staged = Path.Combine(staging, Path.GetFileName(path));
            return File.Exists(staged) ? LoadFromAssemblyPath(staged) : LoadStaged(path);
        }

        private string? Find(AssemblyName name)
        {
            var beside = Path.Combine(_folder, name.Name + ".dll");
            return File.Exists(beside) ? beside : _packageAssemblies.GetValueOrDefault(name.Name + ".dll");
        }

        /// <summary>File name → path in the NuGet cache, for each runtime assembly the .deps.json names.</summary>
        private static Dictionary<string, string> PackageAssemblies(string assemblyPath)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var depsFile = Path.ChangeExtension(assemblyPath, ".deps.json");
            if (!File.Exists(depsFile))
            {
                return result;
            }
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            using var deps = JsonDocument.Parse(File.ReadAllBytes(depsFile));
            var libraries = deps.RootElement.GetProperty("libraries");
            foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    if (
                        !libraries.TryGetProperty(library.Name, out var info)
                        || !info.TryGetProperty("path", out var packagePath)
                        || !library.Value.TryGetProperty("runtime", out var runtime)
                    )
                    {
                        continue;
                    }
                    foreach (var asset in runtime.EnumerateObject())
                    {
                        var file = Path.Combine(packages, packagePath.GetString()!, asset.Name);
                        if (File.Exists(file))
                        {
                            result.TryAdd(Path.GetFileName(file), file);
                        }
                    }
                }
            }
            return result;
        }
    }
}
