namespace Purse;

/// <summary>
/// How a write that did not end in its result ends: the earlier result, when Purse answers 409 write-conflict (the key
/// was already processed: by an earlier attempt, by a handler of the application that re-sent the request, or by an
/// earlier process); otherwise the failure as it is when nothing may have moved (not sent, or refused by Purse), or a
/// <see cref="PurseOutcomeUnknownException"/> that says how to resume.
/// </summary>
internal static class WriteSettlement
{
    public static async Task<T> SettleAsync<T>(
        string operation,
        PurseWrite<T> write,
        PurseException error,
        bool mayHaveReachedPurse,
        SecretMasker masker,
        CancellationToken cancellationToken
    )
        where T : class
    {
        if (error is PurseConflictException { Problem: WriteConflictProblem conflict } alreadyProcessed)
        {
            return await EarlierResultAsync(operation, write, conflict, alreadyProcessed, masker, cancellationToken)
                .ConfigureAwait(false);
        }
        if (!mayHaveReachedPurse)
        {
            throw error;
        }
        throw Unknown(
            operation,
            write,
            masker,
            $"{Capitalised(write.Subject)} may have been carried out. The last attempt: {error.Message}",
            error
        );
    }

    /// <summary>The result Purse holds for the key, read back; an error when it cannot be read or is not this
    /// write's.</summary>
    private static async Task<T> EarlierResultAsync<T>(
        string operation,
        PurseWrite<T> write,
        WriteConflictProblem conflict,
        PurseConflictException error,
        SecretMasker masker,
        CancellationToken cancellationToken
    )
        where T : class
    {
        var key = Quoted(write.IdempotencyKey, masker);
        if (conflict.ResourceId is not { } resourceId)
        {
            throw Unknown(
                operation,
                write,
                masker,
                $"Purse answered {write.Subject} with 409 write-conflict: the idempotency key {key} was already "
                    + "processed, but the answer names no resource_id, so the earlier result cannot be read back.",
                error
            );
        }
        T? result;
        try
        {
            result = await write.FindEarlierResult(resourceId, cancellationToken).ConfigureAwait(false);
        }
        catch (PurseException readFailure)
        {
            throw Unknown(
                operation,
                write,
                masker,
                $"Purse says the idempotency key {key} of {write.Subject} was already processed (resource "
                    + $"{resourceId}), but reading that result failed: {readFailure.Message}",
                readFailure
            );
        }
        return result
            ?? throw new PurseConflictException(
                $"Purse answered {write.Subject} with 409 write-conflict: the idempotency key {key} was already "
                    + $"processed, for resource {resourceId}, which is not this {Kind(write.Subject)} (not of this "
                    + "resource, or for another amount, reference or order). The key was used for another "
                    + "operation: give each operation its own key. This request was not carried out.",
                error.Response
            );
    }

    private static PurseOutcomeUnknownException Unknown<T>(
        string operation,
        PurseWrite<T> write,
        SecretMasker masker,
        string what,
        Exception cause
    )
        where T : class
    {
        var key = Quoted(write.IdempotencyKey, masker);
        var resume = write.KeyDocumented
            ? $" Call it again with the same idempotency key ({key}): Purse carries it out at most once and answers "
                + "with the result. Or read the resource before deciding."
            : " Purse documents idempotency keys for captures, refunds and voids only: before doing it again, look "
                + "for what an earlier attempt may have done (e.g. by your order reference), or call again with the "
                + $"same idempotency key ({key}).";
        return new PurseOutcomeUnknownException(
            what.TrimEnd() + resume,
            operation,
            write.ResourceId,
            write.IdempotencyKey,
            cause
        );
    }

    private static string Quoted(string key, SecretMasker masker) =>
        $"'{masker.Printable(key, IdempotencyKeys.MaxLength)}'";

    /// <summary>"capture" of "the capture of payment …".</summary>
    private static string Kind(string subject) => subject.Split(' ')[1];

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
