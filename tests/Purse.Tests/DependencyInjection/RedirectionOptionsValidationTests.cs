using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Purse.Tests.DependencyInjection;

/// <summary>
/// The <c>Redirection:*</c> options are checked with the others, before the first call: a negative
/// interval or an absurd skew would silently disable the refresh rate limit or the expiry check.
/// </summary>
public sealed class RedirectionOptionsValidationTests
{
    private static IServiceCollection Services(Action<RedirectionVerificationOptions> configure) =>
        new ServiceCollection().AddPurseClient(o =>
        {
            o.ClientId = "c";
            o.ClientSecret = SecretLeakGuard.ClientSecret;
            o.ApiKey = SecretLeakGuard.ApiKey;
            configure(o.Redirection);
        });

    private static OptionsValidationException Refused(IServiceCollection services)
    {
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() =>
            _ = provider.GetRequiredService<IOptions<PurseClientOptions>>().Value
        )!;
        SecretLeakGuard.Record(error);
        return error;
    }

    private static readonly object[] InvalidSettings =
    [
        new object[] { "KeyCacheDuration", TimeSpan.Zero, "more than zero" },
        new object[] { "KeyCacheDuration", TimeSpan.FromMinutes(-1), "more than zero" },
        new object[] { "KeyCacheDuration", TimeSpan.FromDays(2), "at most 1.00:00:00" },
        new object[] { "MinimumRefreshInterval", TimeSpan.FromSeconds(-30), "zero or more" },
        new object[] { "MinimumRefreshInterval", TimeSpan.FromHours(2), "must not exceed" },
        new object[] { "ClockSkew", TimeSpan.FromSeconds(-1), "zero or more" },
        new object[] { "ClockSkew", TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1), "at most 01:00:00" },
    ];

    [TestCaseSource(nameof(InvalidSettings))]
    public void An_invalid_redirection_setting_is_named(string setting, TimeSpan value, string why)
    {
        var error = Refused(
            Services(r => typeof(RedirectionVerificationOptions).GetProperty(setting)!.SetValue(r, value))
        );

        Assert.That(error.Failures, Has.Exactly(1).Items);
        Assert.That(error.Failures.Single(), Does.Contain($"'Redirection:{setting}'").And.Contain(why));
    }

    [Test]
    public void A_negative_interval_from_configuration_is_named()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Purse:ClientId"] = "c",
                    ["Purse:ClientSecret"] = SecretLeakGuard.ClientSecret,
                    ["Purse:ApiKey"] = SecretLeakGuard.ApiKey,
                    ["Purse:Redirection:MinimumRefreshInterval"] = "-00:00:30",
                }
            )
            .Build();

        var error = Refused(new ServiceCollection().AddPurseClient(configuration.GetSection("Purse")));

        Assert.That(error.Message, Does.Contain("'Redirection:MinimumRefreshInterval'").And.Contain("-00:00:30"));
    }

    [Test]
    public void The_bounds_themselves_are_accepted()
    {
        using var provider = Services(r =>
            {
                r.KeyCacheDuration = TimeSpan.FromDays(1);
                r.MinimumRefreshInterval = TimeSpan.FromDays(1);
                r.ClockSkew = TimeSpan.FromHours(1);
            })
            .BuildServiceProvider();

        Assert.DoesNotThrow(() => provider.GetRequiredService<IOptions<PurseClientOptions>>().Value.ToString());
        using var zero = Services(r =>
            {
                r.MinimumRefreshInterval = TimeSpan.Zero;
                r.ClockSkew = TimeSpan.Zero;
            })
            .BuildServiceProvider();
        Assert.DoesNotThrow(() => zero.GetRequiredService<IOptions<PurseClientOptions>>().Value.ToString());
    }
}
