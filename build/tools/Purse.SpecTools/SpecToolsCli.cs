using Purse.SpecTools.Drift;
using Purse.SpecTools.PublicApi;

namespace Purse.SpecTools;

/// <summary>The command line of the spec tools; tests call <see cref="Run"/> in-process with the same
/// arguments.</summary>
public static class SpecToolsCli
{
    public const string Usage = """
        usage:
          drift <old-spec.json> <new-spec.json>
              every change, labelled BREAKING or non-breaking for this client; exit 0 no change in meaning,
              1 non-breaking changes only, 2 at least one breaking change, 3 an input is unreadable / not OpenAPI 3.x
          drift --rules
              the rules table (Markdown)
          normalise <spec.json> <out.json>
              check it is an OpenAPI 3.x JSON document and write its normal form (sorted keys, 2-space indent, LF);
              exit 0, or 3 when it is not
          public-api check <dir> <assembly.dll>...
              compare each assembly's public API with <dir>/<name>.approved.txt;
              exit 0 same, 1 different (diff printed, <name>.received.txt written)
          public-api approve <dir> <assembly.dll>...
              write each assembly's public API to <dir>/<name>.approved.txt
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            return args switch
            {
                ["drift", "--rules"] => Rules(output),
                ["drift", var oldPath, var newPath] => Drift(oldPath, newPath, output),
                ["normalise" or "normalize", var input, var target] => Normalise(input, target, output),
                ["public-api", "check", var directory, .. var assemblies] when assemblies.Length > 0 => CheckApi(
                    directory,
                    assemblies,
                    output
                ),
                ["public-api", "approve", var directory, .. var assemblies] when assemblies.Length > 0 => ApproveApi(
                    directory,
                    assemblies,
                    output
                ),
                _ => UsageError(error),
            };
        }
        catch (SpecInputException e)
        {
            error.WriteLine($"spec-tools: {e.Message}");
            return DriftResult.ExitUnreadable;
        }
    }

    private static int UsageError(TextWriter error)
    {
        error.WriteLine(Usage);
        return 64;
    }

    private static int Rules(TextWriter output)
    {
        output.Write(DriftRule.MarkdownTable());
        return 0;
    }

    private static int Drift(string oldPath, string newPath, TextWriter output)
    {
        using var oldSpec = OpenApiFile.Read(oldPath);
        using var newSpec = OpenApiFile.Read(newPath);
        var result = SpecDiffer.Compare(oldSpec.Root, newSpec.Root);
        result.WriteReport(output, oldPath, newPath);
        return result.ExitCode;
    }

    private static int Normalise(string input, string target, TextWriter output)
    {
        using var spec = OpenApiFile.Read(input);
        var bytes = SpecNormaliser.NormaliseToUtf8(spec.Root);
        var temporary = target + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, target, overwrite: true);
        output.WriteLine($"normalised {input} -> {target} ({bytes.Length} bytes)");
        return 0;
    }

    private static int CheckApi(string directory, string[] assemblies, TextWriter output)
    {
        var changed = 0;
        foreach (var assembly in assemblies)
        {
            var name = Path.GetFileNameWithoutExtension(assembly);
            var diff = PublicApiBaseline.Check(directory, name, PublicApiSurface.Render(assembly));
            if (diff.Length == 0)
            {
                output.WriteLine($"public API of {name}: unchanged");
            }
            else
            {
                changed++;
                output.WriteLine(diff);
            }
        }
        return changed == 0 ? 0 : 1;
    }

    private static int ApproveApi(string directory, string[] assemblies, TextWriter output)
    {
        foreach (var assembly in assemblies)
        {
            var name = Path.GetFileNameWithoutExtension(assembly);
            PublicApiBaseline.Approve(directory, name, PublicApiSurface.Render(assembly));
            output.WriteLine($"approved the public API of {name}: {PublicApiBaseline.ApprovedFile(directory, name)}");
        }
        return 0;
    }
}
