using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Purse.Tests.Support;

namespace Purse.Tests.Webhooks;

/// <summary>
/// IsFromPurse: the webhook source addresses Purse documents per environment
/// (https://docs.purse.tech/docs/references/convention), overridable in the options.
/// </summary>
public sealed class WebhookSourceTests
{
    private static IPurseWebhooks Webhooks(Action<PurseClientOptions>? configure = null)
    {
        var harness = new FacadeHarness(configure);
        return harness.Services.GetRequiredService<IPurseClient>().Webhooks;
    }

    [TestCase("35.195.66.77", true)]
    [TestCase("34.141.13.87", true)]
    [TestCase("34.22.174.22", false, TestName = "A production address is not a sandbox sender")]
    [TestCase("203.0.113.7", false)]
    [TestCase("127.0.0.1", false)]
    public void Sandbox_accepts_the_documented_preproduction_addresses_only(string address, bool expected)
    {
        Assert.That(Webhooks().IsFromPurse(IPAddress.Parse(address)), Is.EqualTo(expected));
    }

    [TestCase("34.22.174.22", true)]
    [TestCase("34.89.137.175", true)]
    [TestCase("34.155.54.71", true)]
    [TestCase("35.195.66.77", false, TestName = "A preproduction address is not a production sender")]
    public void Production_accepts_the_documented_production_addresses_only(string address, bool expected)
    {
        Assert.That(
            Webhooks(o => o.Environment = PurseEnvironment.Production).IsFromPurse(IPAddress.Parse(address)),
            Is.EqualTo(expected)
        );
    }

    // Issue 21, item 6: the addresses followed Environment, not the host the client talks to.
    [TestCase("34.22.174.22", true)]
    [TestCase("34.155.54.71", true)]
    [TestCase("35.195.66.77", false)]
    [TestCase("34.141.13.87", false)]
    public void A_base_address_on_the_production_host_uses_the_production_senders_whatever_the_environment(
        string address,
        bool expected
    )
    {
        var webhooks = Webhooks(o =>
        {
            o.BaseAddress = new Uri("https://API.purse-live.com");
            o.Environment = PurseEnvironment.Sandbox; // left at its default
        });

        Assert.That(webhooks.IsFromPurse(IPAddress.Parse(address)), Is.EqualTo(expected));
    }

    [TestCase("35.195.66.77", true)]
    [TestCase("34.22.174.22", false)]
    public void A_base_address_on_the_sandbox_host_uses_the_sandbox_senders_whatever_the_environment(
        string address,
        bool expected
    )
    {
        var webhooks = Webhooks(o =>
        {
            o.BaseAddress = PurseClientOptions.SandboxBaseAddress;
            o.Environment = PurseEnvironment.Production;
        });

        Assert.That(webhooks.IsFromPurse(IPAddress.Parse(address)), Is.EqualTo(expected));
    }

    [Test]
    public void An_IPv4_mapped_IPv6_sender_matches_its_IPv4_address()
    {
        var webhooks = Webhooks();

        Assert.Multiple(() =>
        {
            Assert.That(webhooks.IsFromPurse(IPAddress.Parse("::ffff:35.195.66.77")), Is.True);
            Assert.That(webhooks.IsFromPurse(IPAddress.Parse("::ffff:203.0.113.7")), Is.False);
            Assert.That(webhooks.IsFromPurse(IPAddress.Parse("2001:db8::1")), Is.False);
        });
    }

    [Test]
    public void Configured_addresses_replace_the_documented_ones()
    {
        var webhooks = Webhooks(o => o.WebhookSourceAddresses = ["198.51.100.4", "2001:db8::4"]);

        Assert.Multiple(() =>
        {
            Assert.That(webhooks.IsFromPurse(IPAddress.Parse("198.51.100.4")), Is.True);
            Assert.That(webhooks.IsFromPurse(IPAddress.Parse("::ffff:198.51.100.4")), Is.True);
            Assert.That(webhooks.IsFromPurse(IPAddress.Parse("2001:db8::4")), Is.True);
            Assert.That(
                webhooks.IsFromPurse(IPAddress.Parse("35.195.66.77")),
                Is.False,
                "the documented sandbox address is replaced"
            );
        });
    }

    [Test]
    public void A_configured_address_that_is_not_an_IP_is_named_at_validation()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            Webhooks(o => o.WebhookSourceAddresses = ["35.195.66.77", "purse.example"]).IsFromPurse(IPAddress.Loopback)
        )!;

        Assert.That(error.Message, Does.Contain("WebhookSourceAddresses:1").And.Contain("purse.example"));
    }
}
