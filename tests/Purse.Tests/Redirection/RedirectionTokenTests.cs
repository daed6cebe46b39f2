namespace Purse.Tests.Redirection;

/// <summary>Where the token is found in what a merchant's endpoint receives.</summary>
public sealed class RedirectionTokenTests
{
    private const string Token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJwYXltZW50X2lkIjoiMSJ9.c2ln";

    [TestCase(Token)]
    [TestCase("  " + Token + "\n")]
    [TestCase("https://shop.example/return?purse-redirection-data=" + Token)]
    [TestCase("https://shop.example/return?lang=fr&purse-redirection-data=" + Token + "&x=1#top")]
    [TestCase("/return?purse-redirection-data=" + Token)]
    [TestCase("?purse-redirection-data=" + Token)]
    [TestCase("purse-redirection-data=" + Token)]
    [TestCase("https://shop.example/return?purse%2Dredirection%2Ddata=" + Token)]
    public void The_token_is_found_bare_or_in_a_url(string input)
    {
        Assert.That(RedirectionToken.Extract(input), Is.EqualTo(Token));
    }

    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("https://shop.example/return?order=1", "no 'purse-redirection-data'")]
    [TestCase("https://shop.example/return?purse-redirection-data=", "is empty")]
    [TestCase(
        "https://shop.example/return?purse-redirection-data=a.b.c&purse-redirection-data=d.e.f",
        "more than once"
    )]
    public void A_url_without_exactly_one_token_is_malformed(string input, string why)
    {
        var refused = Assert.Throws<PurseRedirectionDataException>(() => RedirectionToken.Extract(input));

        Assert.That(refused!.Reason, Is.EqualTo(RedirectionFailure.Malformed));
        Assert.That(refused.Message, Does.Contain(why));
    }

    [Test]
    public void An_oversized_input_is_refused_without_being_parsed()
    {
        var refused = Assert.Throws<PurseRedirectionDataException>(() =>
            RedirectionToken.Extract(new string('a', 20_000))
        );

        Assert.That(refused!.Reason, Is.EqualTo(RedirectionFailure.Malformed));
    }
}
