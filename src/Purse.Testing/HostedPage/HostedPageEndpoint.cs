using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Purse.Models;
using Purse.Testing.Validation;

namespace Purse.Testing.HostedPage;

/// <summary>
/// The hosted payment page, served by the emulator's server beside the API: <c>GET</c> shows what is to be paid
/// and lets a person choose the split and the outcome, <c>POST</c> pays and sends the shopper back to the
/// <c>shopper_redirection_url</c> with <c>purse-redirection-data</c> (HTTP 303), as page "Hosted Page" describes
/// (https://docs.purse.tech/docs/integrate/purse-checkout/hosted-page). A session that can no longer be paid is
/// redirected there too ("invalid sessions are redirected to the redirection_url"). Webhooks go where the payment
/// says, as for any payment of the emulator.
/// </summary>
internal sealed partial class HostedPageEndpoint(EmulatorCore core)
{
    public const string RedirectionParameter = "purse-redirection-data";

    // A person's form is a few short fields: anything larger is not one.
    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = 64,
        KeyLengthLimit = 64,
        ValueLengthLimit = 256,
    };

    /// <summary>True when the path is a hosted page's (and the answer was written).</summary>
    public async Task<bool> TryServeAsync(HttpContext context)
    {
        var match = PagePath().Match(context.Request.Path.Value ?? "");
        if (
            !match.Success
            || !Guid.TryParse(match.Groups["entity"].Value, out var entityId)
            || !Guid.TryParse(match.Groups["id"].Value, out var id)
        )
        {
            return false;
        }
        var isPost = HttpMethods.IsPost(context.Request.Method);
        if (!isPost && !HttpMethods.IsGet(context.Request.Method))
        {
            const string Allowed = "A hosted page is read (GET) or paid (POST).";
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Not allowed", Allowed);
            return true;
        }
        var form = isPost ? await ReadFormAsync(context) : null;
        if (entityId != core.Options.EntityId)
        {
            var served = $"This emulator serves entity {core.Options.EntityId} only.";
            await WriteAsync(context, StatusCodes.Status404NotFound, "Unknown page", served);
        }
        else if (match.Groups["kind"].Value == "sessions")
        {
            await ServeSessionAsync(context, id, form);
        }
        else
        {
            await ServePaymentLinkAsync(context, id, form);
        }
        return true;
    }

    private async Task ServeSessionAsync(HttpContext context, Guid id, IFormCollection? form)
    {
        if (!core.State.ClientSessions.ContainsKey(id))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, "Unknown session", $"No client session {id}.");
            return;
        }
        var session = core.GetClientSession(id);
        if (session.Status != ClientSessionStatus.Created)
        {
            Redirect(context, session.ShopperRedirectionUrl, session.PaymentId);
            return;
        }
        var subject = new HostedPageHtml.Subject(
            "Client session",
            id,
            session.Amount ?? 0,
            session.Currency ?? Currency.Eur,
            session.Order?.Reference
        );
        var solutions = session.EligibleSolutions?.ToList() ?? [];
        if (form is null)
        {
            await WriteFormAsync(context, StatusCodes.Status200OK, subject, solutions, null);
            return;
        }
        var (choice, error) = HostedPageForm.Read(form, solutions);
        if (choice is null)
        {
            await WriteFormAsync(context, StatusCodes.Status400BadRequest, subject, solutions, error);
            return;
        }
        try
        {
            var payment = await core.SubmitClientSessionAsync(
                id,
                choice.Split,
                _ => choice.Outcome,
                context.RequestAborted
            );
            Redirect(context, session.ShopperRedirectionUrl, payment.Id);
        }
        catch (EmulatorProblem refused)
        {
            await WriteFormAsync(context, StatusCodes.Status400BadRequest, subject, solutions, Reason(refused));
        }
        catch (InvalidOperationException)
        {
            // Paid or aborted meanwhile: as for any session that can no longer be paid.
            var now = core.GetClientSession(id);
            Redirect(context, now.ShopperRedirectionUrl, now.PaymentId);
        }
    }

    private async Task ServePaymentLinkAsync(HttpContext context, Guid id, IFormCollection? form)
    {
        if (!core.State.PaymentLinks.ContainsKey(id))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, "Unknown payment link", $"No payment link {id}.");
            return;
        }
        var link = core.GetPaymentLink(id);
        core.State.PaymentLinkRedirections.TryGetValue(id, out var returnUrl);
        var subject = new HostedPageHtml.Subject(
            "Payment link",
            id,
            link.Amount ?? 0,
            link.Currency ?? Currency.Eur,
            link.Order?.Reference
        );
        var solutions = core.EligibleSolutions(subject.Amount, subject.Currency);
        if (form is null)
        {
            var now = core.Options.TimeProvider.GetUtcNow();
            if (link.Status == PaymentLinkStatus.Opened && link.ExpiresAt > now)
            {
                await WriteFormAsync(context, StatusCodes.Status200OK, subject, solutions, null);
                return;
            }
            var state = $"This payment link is {link.Status?.Value} (expires at {link.ExpiresAt:O}).";
            await WriteAsync(context, StatusCodes.Status200OK, "Nothing to pay", state);
            return;
        }
        var (choice, error) = HostedPageForm.Read(form, solutions);
        if (choice is null)
        {
            await WriteFormAsync(context, StatusCodes.Status400BadRequest, subject, solutions, error);
            return;
        }
        try
        {
            var payment = await core.PayPaymentLinkAsync(id, choice.Split, _ => choice.Outcome, context.RequestAborted);
            if (returnUrl is null)
            {
                var paid = $"Payment {payment.Id}: {payment.Authorization?.Status?.Value}.";
                await WriteAsync(context, StatusCodes.Status200OK, "Paid", paid);
                return;
            }
            Redirect(context, returnUrl, payment.Id);
        }
        catch (Exception refused) when (refused is EmulatorProblem or InvalidOperationException)
        {
            await WriteFormAsync(context, StatusCodes.Status400BadRequest, subject, solutions, Reason(refused));
        }
    }

    /// <summary>
    /// 303 to the shopper redirection URL, its own query kept, with the signed redirection data of the payment
    /// when there is one.
    /// </summary>
    private void Redirect(HttpContext context, Uri? returnUrl, Guid? paymentId)
    {
        if (returnUrl is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var location = paymentId is { } payment
            ? QueryHelpers.AddQueryString(
                returnUrl.ToString(),
                RedirectionParameter,
                core.CreateRedirectionData(payment, null)
            )
            : returnUrl.ToString();
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return new FormCollection([]);
        }
        context.Features.Set<IFormFeature>(new FormFeature(context.Request, Limits));
        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return new FormCollection([]); // over the limits: read as an empty choice, which the page refuses
        }
    }

    /// <summary>What the person can act on: the problem's field errors, else its message.</summary>
    private static string Reason(Exception refused) =>
        refused is EmulatorProblem { Errors.Count: > 0 } problem
            ? string.Join(" ", problem.Errors.Select(e => e.Detail))
            : refused.Message;

    private static Task WriteFormAsync(
        HttpContext context,
        int status,
        HostedPageHtml.Subject subject,
        IReadOnlyList<EligibleSolution> solutions,
        string? error
    ) => WriteHtmlAsync(context, status, HostedPageHtml.Form(subject, solutions, error));

    private static Task WriteAsync(HttpContext context, int status, string title, string message) =>
        WriteHtmlAsync(context, status, HostedPageHtml.Message(title, message));

    private static async Task WriteHtmlAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    [GeneratedRegex(
        "^/entities/(?<entity>[0-9a-fA-F-]{36})/(?<kind>sessions|payment-links)/(?<id>[0-9a-fA-F-]{36})/?$",
        RegexOptions.CultureInvariant
    )]
    private static partial Regex PagePath();
}
