using Purse.Tests.Support;

namespace Purse.IntegrationTests.Shop;

/// <summary>
/// The shop docs/checkout.md shows is the shop CheckoutShopTests runs: the lines between the <c>shop:begin</c> and
/// <c>shop:end</c> markers are the same in both (the snippet test compiles the document's; this project compiles and
/// runs the test's).
/// </summary>
public sealed class ShopCodeTests
{
    private const string Begin = "// ---- shop:begin ----";
    private const string End = "// ---- shop:end ----";

    [Test]
    public void The_documented_shop_is_the_tested_one()
    {
        var documented = Between(File.ReadAllText(RepoPaths.Combine("docs", "checkout.md")), "docs/checkout.md");
        var testedFile = RepoPaths.Combine("tests", "Purse.IntegrationTests", "Shop", "CheckoutShop.cs");
        var tested = Between(File.ReadAllText(testedFile), "CheckoutShop.cs");

        Assert.That(documented, Has.Length.GreaterThan(50), "the shop's code was found");
        var firstDifference = documented
            .Zip(tested)
            .Select((pair, line) => (pair, line))
            .FirstOrDefault(x => x.pair.First != x.pair.Second);
        Assert.That(
            documented,
            Is.EqualTo(tested),
            "docs/checkout.md and CheckoutShop.cs differ between the markers "
                + $"(line {firstDifference.line + 1} of the shop: "
                + $"'{firstDifference.pair.First}' vs '{firstDifference.pair.Second}'); change both"
        );
    }

    private static string[] Between(string text, string where)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var begin = Array.FindIndex(lines, l => l.Trim() == Begin);
        var end = Array.FindIndex(lines, l => l.Trim() == End);
        Assert.That(begin, Is.GreaterThanOrEqualTo(0), $"{where} has the shop:begin marker");
        Assert.That(end, Is.GreaterThan(begin), $"{where}: shop:end after shop:begin");
        return lines[(begin + 1)..end];
    }
}
