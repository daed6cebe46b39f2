using Microsoft.Extensions.DependencyInjection;
using Purse;
using Purse.Models;
using Purse.Testing;

namespace Purse.Quickstart;

/// <summary>
/// A tour of the Purse client: eligible solutions, a client session, a payment split across two
/// partners, the signed redirection data, a partial capture, a partial refund, and a capture that
/// goes PENDING and completes through a webhook verified by re-fetching.
/// </summary>
public static class Program
{
    /// <summary>The environment variables that switch the quickstart to the Purse sandbox.</summary>
    public static readonly string[] SandboxVariables =
    [
        "PURSE_CLIENT_ID",
        "PURSE_CLIENT_SECRET",
        "PURSE_API_KEY",
        "PURSE_ENTITY_ID",
    ];

    public static Task<int> Main() => RunAsync(Console.Out, Environment.GetEnvironmentVariable, CancellationToken.None);

    /// <summary>Runs the quickstart, writing to <paramref name="output"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        TextWriter output,
        Func<string, string?> environment,
        CancellationToken cancellationToken
    )
    {
        var given = SandboxVariables.Where(name => !string.IsNullOrWhiteSpace(environment(name))).ToList();
        if (given.Count is > 0 and < 4)
        {
            await output.WriteLineAsync(
                $"Set all of {string.Join(", ", SandboxVariables)} to use the sandbox, or none to use the emulator. "
                    + $"Missing: {string.Join(", ", SandboxVariables.Except(given))}."
            );
            return 2;
        }
        var sandbox = given.Count == 4;

        // The emulator plays Purse (and the shopper) when no credentials are given; its webhooks
        // land in this list, as your webhook endpoint would receive them.
        var webhooks = new List<Payment>();
        await using var emulator = new PurseEmulator(EmulatorSettings(webhooks));
        var services = new ServiceCollection();
        if (sandbox)
        {
            services.AddPurseClient(options =>
            {
                options.ClientId = environment("PURSE_CLIENT_ID");
                options.ClientSecret = environment("PURSE_CLIENT_SECRET");
                options.ApiKey = environment("PURSE_API_KEY");
                options.EntityId = Guid.Parse(environment("PURSE_ENTITY_ID")!);
                options.Environment = PurseEnvironment.Sandbox;
            });
        }
        else
        {
            services.AddPurseClient(emulator); // one line: the facade, served in-process by the emulator
        }
        await using var provider = services.BuildServiceProvider();
        var purse = provider.GetRequiredService<IPurseClient>();

        await output.WriteLineAsync(
            sandbox
                ? "Purse quickstart: Purse sandbox"
                : $"Purse quickstart: in-process emulator (set {string.Join(", ", SandboxVariables)} to use the "
                    + "sandbox)"
        );
        await output.WriteLineAsync();

        // 1. Which partners can pay this order?
        var total = Money.FromMajorUnits(42.99m, Currency.Eur);
        var solutions = await purse.EligibleSolutions.CheckAsync(
            new EligibleSolutionsRequest { Amount = total.MinorUnits, Currency = total.Currency },
            cancellationToken
        );
        var offered = solutions.EligibleSolutions?.Select(s => (Partner: s.Partner!, Method: s.Method!)).ToList() ?? [];
        await output.WriteLineAsync(
            $"1. Eligible solutions for {total}: {string.Join(", ", offered.Select(s => $"{s.Partner}/{s.Method}"))}"
        );

        // 2. The session the payment page (Purse's widget) is built from.
        var session = await purse.ClientSessions.CreateAsync(
            new CreateClientSessionRequest
            {
                // net_amount is the full payable total, taxes included; tax_amount the tax part of it
                // (docs/checkout.md).
                Order = new Order { Reference = "order-0001" }
                    .SetNetAmount(total)
                    .SetTaxAmount(Money.FromMajorUnits(7.16m, Currency.Eur)),
                ShopperRedirectionUrl = new Uri("https://shop.example/purse/return"),
            }.SetAmount(total),
            cancellationToken
        );
        await output.WriteLineAsync($"2. Client session created: {session.Status?.Value}, {session.GetAmount()}");

        if (sandbox)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Next, a shopper pays: open Purse's widget with client session {session.Id}.");
            await output.WriteLineAsync(
                "Purse then redirects the shopper to the shopper_redirection_url with purse-redirection-data,"
            );
            await output.WriteLineAsync(
                "which purse.Redirection.VerifyAsync checks before you capture. The quickstart stops here."
            );
            return 0;
        }
        if (offered.Count < 2)
        {
            await output.WriteLineAsync("Fewer than two eligible solutions: no split to show.");
            return 1;
        }

        // 3. The shopper pays in the widget, the amount split across two partners (2:1).
        var parts = total.Allocate(2, 1);
        await output.WriteLineAsync(
            "3. The shopper pays, split across two candidates (the emulator plays the shopper):"
        );
        await output.WriteLineAsync($"     {parts[0]} by {offered[0].Partner}/{offered[0].Method}");
        await output.WriteLineAsync($"     {parts[1]} by {offered[1].Partner}/{offered[1].Method}");
        var paid = await emulator.PayClientSessionAsync(
            session.Id,
            [
                SplitCandidates.New(parts[0], offered[0].Partner, offered[0].Method),
                SplitCandidates.New(parts[1], offered[1].Partner, offered[1].Method),
            ],
            cancellationToken
        );
        var payment = await purse.Payments.GetAsync(paid.Id, cancellationToken: cancellationToken);
        await output.WriteLineAsync($"   Payment {payment.Authorization?.Status?.Value}: {payment.Totals()}");

        // 4. The shopper comes back with signed redirection data: trust it only once verified.
        var returnUrl =
            $"https://shop.example/purse/return?purse-redirection-data={emulator.CreateRedirectionData(paid.Id)}";
        var redirection = await purse.Redirection.VerifyAsync(returnUrl, cancellationToken);
        await output.WriteLineAsync(
            "4. Redirection data verified: "
                + $"{(redirection.PaymentId == payment.Id ? "same payment" : "ANOTHER payment")}, authorization "
                + $"{redirection.AuthorizationStatus.Value}, client session {redirection.ClientSessionStatus.Value}"
        );

        // 5. Ship part of the order: capture part of the amount.
        var capture = Money.FromMajorUnits(30m, Currency.Eur);
        payment = await purse.Payments.CaptureAsync(
            payment,
            capture,
            new PaymentOperationOptions { MerchantReference = "CAP-0001" },
            cancellationToken
        );
        await output.WriteLineAsync($"5. Captured {capture}: {payment.Totals()}");

        // 6. An item comes back: refund part of what was captured.
        var refund = Money.FromMajorUnits(10m, Currency.Eur);
        payment = await purse.Payments.RefundAsync(
            payment,
            refund,
            new PaymentOperationOptions { MerchantReference = "REF-0001" },
            cancellationToken
        );
        await output.WriteLineAsync($"6. Refunded {refund}: {payment.Totals()}");

        // 7. Ship the rest. The partner does not answer at once (the emulator is told so): the
        //    capture is PENDING; its outcome arrives by webhook, which is verified by re-fetching.
        emulator.Partner(offered[1].Partner).Next(PaymentOperationKind.Capture, PartnerOutcome.Pending);
        var rest = payment.GetAvailableToCapture();
        payment = await purse.Payments.CaptureAsync(
            payment,
            rest,
            new PaymentOperationOptions { MerchantReference = "CAP-0002" },
            cancellationToken
        );
        var capturing = payment.Captures?.LastOrDefault()?.Status?.Value;
        await output.WriteLineAsync($"7. Capturing {rest}: capture {capturing}, {payment.Totals()}");
        await emulator.CompletePendingOperationsAsync(PartnerOutcome.Success, cancellationToken); // the partner answers
        var webhook = webhooks[^1];
        payment = await purse.Webhooks.VerifyByRefetchAsync(webhook, cancellationToken); // never act on the body itself
        await output.WriteLineAsync(
            $"   Webhook for version {webhook.Version}, verified by re-fetch: "
                + $"capture {payment.Captures?.LastOrDefault()?.Status?.Value}, {payment.Totals()}"
        );

        await output.WriteLineAsync();
        var totals = payment.Totals();
        await output.WriteLineAsync(
            $"Done: {totals.Authorized} authorized, {totals.Captured} captured, "
                + $"{totals.Refunded} refunded; {totals.ToCapture} can still be captured."
        );
        return 0;
    }

    /// <summary>The emulated Purse: two partners eligible in EUR, so that the payment can be split.</summary>
    private static EmulatorOptions EmulatorSettings(List<Payment> webhooks)
    {
        var options = new EmulatorOptions
        {
            WebhookDelegate = (payment, _) =>
            {
                webhooks.Add(payment);
                return Task.CompletedTask;
            },
        };
        options.EligibleSolutions.Add(new EligibleSolutionRule("adyen", "creditcard", [Currency.Eur]));
        return options;
    }
}
