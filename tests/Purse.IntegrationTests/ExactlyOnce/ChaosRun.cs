using Microsoft.Extensions.DependencyInjection;
using Purse.Models;
using Purse.Testing;

namespace Purse.IntegrationTests.ExactlyOnce;

/// <summary>How a schedule ended, and what the ledger says about it.</summary>
/// <param name="Schedule">The schedule.</param>
/// <param name="Ending">How the call ended.</param>
/// <param name="Applications">How many times the emulator's ledger holds the operation.</param>
/// <param name="Failure">What broke an invariant, or null.</param>
internal sealed record ScheduleResult(ChaosSchedule Schedule, Ending Ending, int Applications, string? Failure);

/// <summary>
/// Runs one <see cref="ChaosSchedule"/> against an emulator and checks its invariants. The payment is prepared by
/// <paramref name="setup"/>, a client with default settings; the operation is called by a client of its own, built
/// as the schedule says.
/// </summary>
internal sealed class ChaosRun(PurseEmulator emulator, Uri server, IPurseClient setup)
{
    public async Task<ScheduleResult> RunAsync(ChaosSchedule schedule, CancellationToken cancellationToken)
    {
        var payment = await PartlyCapturedPaymentAsync(setup, schedule, cancellationToken);
        await using var provider = Client(emulator, server, schedule);
        var purse = provider.GetRequiredService<IPurseClient>();
        var reference = $"chaos-{schedule.Seed}";
        var options = new PaymentOperationOptions
        {
            IdempotencyKey = $"{schedule.Operation}:{reference}",
            MerchantReference = reference,
        };
        var amount = Amount(payment, schedule);

        Arm(emulator, schedule);
        var (ending, returned, error) = await CallAsync(
            purse,
            schedule.Operation,
            payment.Id,
            amount,
            options,
            cancellationToken
        );
        emulator.Faults.Clear();

        var applications = Applications(emulator, payment.Id, schedule.Operation, reference);
        var failure = Check(schedule, ending, returned, error, applications, reference);
        if (failure is null && ending == Ending.Unknown)
        {
            // Calling again with the key the exception carries must end definitively, without a second application.
            var key = ((PurseOutcomeUnknownException)error!).IdempotencyKey;
            var again = await CallAsync(
                purse,
                schedule.Operation,
                payment.Id,
                amount,
                options with
                {
                    IdempotencyKey = key,
                },
                cancellationToken
            );
            var after = Applications(emulator, payment.Id, schedule.Operation, reference);
            failure =
                again.Ending == Ending.Unknown
                    ? $"did not converge: {again.Error?.Message}"
                    : Check(
                        schedule with
                        {
                            Fault = FaultKind.None,
                        },
                        again.Ending,
                        again.Payment,
                        again.Error,
                        after,
                        reference,
                        converging: true
                    );
            applications = after;
        }
        return new ScheduleResult(schedule, ending, applications, failure);
    }

    private static ServiceProvider Client(PurseEmulator emulator, Uri server, ChaosSchedule schedule)
    {
        var services = new ServiceCollection();
        if (schedule.ApplicationResilienceHandler)
        {
            // As .NET Aspire's service defaults do, with short delays so that the run stays short.
            services.ConfigureHttpClientDefaults(http =>
                http.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(5))
            );
        }
        services.AddPurseClient(emulator, server, o =>
        {
            o.Resilience.AttemptTimeout = ChaosSchedule.AttemptTimeout;
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(8);
            o.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
            o.Resilience.MaxRetryDelay = TimeSpan.FromSeconds(1);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>A payment of 100.00 EUR, 30.00 EUR of it captured, with no fault armed.</summary>
    private static async Task<Payment> PartlyCapturedPaymentAsync(
        IPurseClient purse,
        ChaosSchedule schedule,
        CancellationToken cancellationToken
    )
    {
        var payment = await purse.Payments.CreateAsync(
            new CreatePaymentRequest
            {
                Amount = ChaosSchedule.PaymentAmount,
                Currency = Currency.Eur,
                Order = new Order
                {
                    Reference = $"order-{schedule.Seed}",
                    NetAmount = ChaosSchedule.PaymentAmount,
                    TaxAmount = 0,
                },
            },
            cancellationToken
        );
        return await purse.Payments.CaptureAsync(
            payment.Id,
            Money.FromMinorUnits(ChaosSchedule.CapturedFirst, Currency.Eur),
            cancellationToken
        );
    }

    /// <summary>An amount within what the operation may take, or above it.</summary>
    private static Money Amount(Payment payment, ChaosSchedule schedule)
    {
        var available = schedule.Operation switch
        {
            "capture" => payment.Amounts!.AvailableToCapture!.Value,
            "refund" => payment.Amounts!.AvailableToRefund!.Value,
            _ => payment.Amounts!.AvailableToVoid!.Value,
        };
        var random = new Random(schedule.Seed);
        return Money.FromMinorUnits(
            schedule.AmountAvailable ? random.NextInt64(1, available + 1) : available + random.NextInt64(1, 500),
            Currency.Eur
        );
    }

    private static void Arm(PurseEmulator emulator, ChaosSchedule schedule)
    {
        if (schedule.HttpFault is not { } fault)
        {
            return;
        }
        var operationId = schedule.Operation switch
        {
            "capture" => PurseOperationIds.CapturePayment,
            "refund" => PurseOperationIds.RefundPayment,
            _ => PurseOperationIds.VoidPayment,
        };
        if (schedule.Times is { } times)
        {
            emulator.Faults.Next(operationId, fault, times);
        }
        else
        {
            emulator.Faults.Always(operationId, fault);
        }
    }

    private static async Task<(Ending Ending, Payment? Payment, Exception? Error)> CallAsync(
        IPurseClient purse,
        string operation,
        Guid paymentId,
        Money amount,
        PaymentOperationOptions options,
        CancellationToken cancellationToken
    )
    {
        try
        {
            var payment = operation switch
            {
                "capture" => await purse.Payments.CaptureAsync(paymentId, amount, options, cancellationToken),
                "refund" => await purse.Payments.RefundAsync(paymentId, amount, options, cancellationToken),
                _ => await purse.Payments.VoidAsync(paymentId, amount, options, cancellationToken),
            };
            return (Ending.Payment, payment, null);
        }
        catch (PurseOutcomeUnknownException unknown)
        {
            return (Ending.Unknown, null, unknown);
        }
        catch (PurseException refused) when (refused.Outcome != PurseOutcome.Unknown)
        {
            return (Ending.Refused, null, refused);
        }
    }

    /// <summary>How many operations of the payment's ledger carry this schedule's reference.</summary>
    private static int Applications(PurseEmulator emulator, Guid paymentId, string operation, string reference)
    {
        var payment = emulator.FindPayment(paymentId)!;
        var operations = operation switch
        {
            "capture" => payment.Captures,
            "refund" => payment.Refunds,
            _ => payment.Voids,
        };
        return operations?.Count(o => o.MerchantReference == reference) ?? 0;
    }

    /// <summary>The invariants of one ending; null when they hold.</summary>
    private static string? Check(
        ChaosSchedule schedule,
        Ending ending,
        Payment? returned,
        Exception? error,
        int applications,
        string reference,
        bool converging = false
    )
    {
        if (applications > 1)
        {
            return $"applied {applications} times";
        }
        if (!converging && !schedule.Allowed.HasFlag(ending))
        {
            return $"ended {ending} ({error?.GetType().Name}: {error?.Message}), expected {schedule.Allowed}";
        }
        return ending switch
        {
            Ending.Payment when applications != 1 => "returned the payment, but the ledger does not hold the operation",
            Ending.Payment when !Holds(returned!, schedule.Operation, reference) =>
                "the payment returned does not hold the operation",
            Ending.Refused when applications != 0 =>
                $"refused ({error?.GetType().Name}), but the ledger holds the operation",
            _ => null,
        };
    }

    private static bool Holds(Payment payment, string operation, string reference) =>
        (
            operation switch
            {
                "capture" => payment.Captures,
                "refund" => payment.Refunds,
                _ => payment.Voids,
            }
        )?.Any(o => o.MerchantReference == reference) == true;
}
