using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace Purse.SpecTools.PublicApi;

/// <summary>A unified diff (3 lines of context) of two texts, line by line, as `diff -u` prints it.</summary>
public static class UnifiedDiff
{
    public static string Between(string oldText, string newText, string oldName, string newName, int context = 3)
    {
        var result = Differ.Instance.CreateLineDiffs(oldText, newText, ignoreWhitespace: false, ignoreCase: false);
        if (result.DiffBlocks.Count == 0)
        {
            return "";
        }
        var a = result.PiecesOld;
        var b = result.PiecesNew;
        var text = new StringBuilder();
        text.Append("--- ").Append(oldName).Append('\n');
        text.Append("+++ ").Append(newName).Append('\n');

        // Blocks closer than twice the context are printed as one hunk.
        var hunks = new List<List<DiffBlock>>();
        foreach (var block in result.DiffBlocks)
        {
            if (hunks.Count > 0 && block.DeleteStartA - End(hunks[^1][^1]) <= 2 * context)
            {
                hunks[^1].Add(block);
            }
            else
            {
                hunks.Add([block]);
            }
        }
        foreach (var hunk in hunks)
        {
            var startA = Math.Max(0, hunk[0].DeleteStartA - context);
            var startB = Math.Max(0, hunk[0].InsertStartB - context);
            var endA = Math.Min(a.Count, End(hunk[^1]) + context);
            var endB = Math.Min(b.Count, hunk[^1].InsertStartB + hunk[^1].InsertCountB + context);
            text.Append($"@@ -{Range(startA, endA - startA)} +{Range(startB, endB - startB)} @@\n");
            var lineA = startA;
            foreach (var block in hunk)
            {
                for (; lineA < block.DeleteStartA; lineA++)
                {
                    text.Append(' ').Append(a[lineA]).Append('\n');
                }
                for (var i = 0; i < block.DeleteCountA; i++)
                {
                    text.Append('-').Append(a[block.DeleteStartA + i]).Append('\n');
                }
                for (var i = 0; i < block.InsertCountB; i++)
                {
                    text.Append('+').Append(b[block.InsertStartB + i]).Append('\n');
                }
                lineA = End(block);
            }
            for (; lineA < endA; lineA++)
            {
                text.Append(' ').Append(a[lineA]).Append('\n');
            }
        }
        return text.ToString();

        // diff -u numbers lines from 1; an empty range names the line before it.
        static string Range(int start, int count) => $"{(count == 0 ? start : start + 1)},{count}";

        static int End(DiffBlock block) => block.DeleteStartA + block.DeleteCountA;
    }
}
