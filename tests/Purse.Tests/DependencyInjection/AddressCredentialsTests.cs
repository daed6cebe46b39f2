using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Purse.Tests.DependencyInjection;

/// <summary>
/// Credentials written into an address (<c>http://user:secret@proxy/…</c>), issue 21 item 5: the address is refused,
/// since the client would send them, and the validation error names the setting without ever printing them.
/// </summary>
public sealed class AddressCredentialsTests
{
    private const string PasswordInAddress = "PWD-IN-ADDRESS-8c2f";

    private static OptionsValidationException Refused(Action<PurseClientOptions> address)
    {
        var services = new ServiceCollection().AddPurseClient(o =>
        {
            o.ClientId = "c";
            o.ClientSecret = SecretLeakGuard.ClientSecret;
            o.ApiKey = SecretLeakGuard.ApiKey;
            address(o);
        });
        var error = Assert.Throws<OptionsValidationException>(() =>
            _ = services.BuildServiceProvider().GetRequiredService<IOptions<PurseClientOptions>>().Value
        )!;
        SecretLeakGuard.Record(error);
        return error;
    }

    [TestCase("http://user:" + PasswordInAddress + "@proxy.internal/oauth/token")]
    [TestCase("https://user:" + PasswordInAddress + "@proxy.internal/oauth/token")]
    [TestCase("http://user:" + PasswordInAddress + "@127.0.0.1:5080/oauth/token")]
    public void A_token_endpoint_with_user_info_is_refused_without_printing_it(string address)
    {
        var error = Refused(o => o.TokenEndpoint = new Uri(address));

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("'TokenEndpoint'").And.Contain("user info"));
            Assert.That(error.Message, Does.Not.Contain(PasswordInAddress));
            Assert.That(string.Join("\n", error.Failures), Does.Not.Contain(PasswordInAddress));
            Assert.That(error.ToString(), Does.Not.Contain(PasswordInAddress));
        });
    }

    [TestCase("http://user:" + PasswordInAddress + "@api.purse-live.com/")]
    [TestCase("https://user:" + PasswordInAddress + "@api.purse-live.com/")]
    public void A_base_address_with_user_info_is_refused_without_printing_it(string address)
    {
        var error = Refused(o => o.BaseAddress = new Uri(address));

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("'BaseAddress'").And.Contain("user info"));
            Assert.That(error.ToString(), Does.Not.Contain(PasswordInAddress));
        });
    }

    [Test]
    public void A_relative_address_is_refused_without_printing_it()
    {
        var error = Refused(o =>
            o.TokenEndpoint = new Uri("oauth/token?password=" + PasswordInAddress, UriKind.Relative)
        );

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("'TokenEndpoint'").And.Contain("absolute"));
            Assert.That(error.ToString(), Does.Not.Contain(PasswordInAddress));
        });
    }
}
