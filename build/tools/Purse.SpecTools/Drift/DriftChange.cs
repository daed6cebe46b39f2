namespace Purse.SpecTools.Drift;

/// <summary>One change between two specs: what, where (a JSON pointer into the new spec, or the old one for a removal),
/// and how bad.</summary>
public sealed record DriftChange(DriftRule Rule, string Location, string Detail, Side Side)
{
    public Impact Impact => Rule.ImpactFor(Side);

    public string Label => Impact == Impact.Breaking ? "BREAKING" : "non-breaking";

    public override string ToString()
    {
        var side = Rule.DependsOnSide
            ? Side switch
            {
                Side.Request => " [request]",
                Side.Response => " [response]",
                Side.Both => " [request and response]",
                _ => "",
            }
            : "";
        var detail = Detail.Length > 0 ? ": " + Detail : "";
        return $"{Label, -12}  {Rule.Name}{side}  {Location}{detail}";
    }
}
