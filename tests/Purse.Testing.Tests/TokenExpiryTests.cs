using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Purse.Testing.Tests;

/// <summary>
/// The facade against the in-process emulator (which answers synchronously) keeps working as
/// the emulator's tokens expire: renewal never wedges on a token that finished renewing.
/// </summary>
internal sealed class TokenExpiryTests
{
    [Test]
    public async Task Calls_keep_succeeding_hours_after_the_first_token_expired()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        await using var emulator = new PurseEmulator(new EmulatorOptions { TimeProvider = time });
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        await using var provider = services.AddPurseClient(emulator).BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();

        var at = new List<string>();
        foreach (var hours in new[] { 0, 1, 2, 24 })
        {
            time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero).AddHours(hours).AddMinutes(1));
            try
            {
                await purse.Payments.GetAsync(Guid.NewGuid(), cancellationToken: CancellationToken.None);
                at.Add($"+{hours} h found");
            }
            catch (PurseNotFoundException)
            {
                at.Add($"+{hours} h ok"); // authenticated, and the emulator has no such payment
            }
            catch (PurseException exception)
            {
                at.Add($"+{hours} h {exception.GetType().Name}");
            }
        }

        Assert.That(at, Is.EqualTo(new[] { "+0 h ok", "+1 h ok", "+2 h ok", "+24 h ok" }));
    }
}
