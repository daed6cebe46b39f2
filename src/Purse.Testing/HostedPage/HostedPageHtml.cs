using System.Text;
using System.Text.Encodings.Web;
using Purse.Models;

namespace Purse.Testing.HostedPage;

/// <summary>
/// The hosted page as HTML: what is being paid, one amount field per eligible solution (the whole amount on the
/// first), and the authorization outcome to play. Every value shown is HTML-encoded.
/// </summary>
internal static class HostedPageHtml
{
    /// <summary>What the page is about, whatever was paid through it (a client session or a payment link).</summary>
    public sealed record Subject(string Kind, Guid Id, long Amount, Currency Currency, string? OrderReference);

    public static string Form(Subject subject, IReadOnlyList<EligibleSolution> solutions, string? error)
    {
        var html = new StringBuilder();
        Start(html, "Pay with the Purse emulator");
        html.Append("<p>")
            .Append(Encode(subject.Kind))
            .Append(' ')
            .Append(subject.Id)
            .Append(": <strong>")
            .Append(subject.Amount)
            .Append(' ')
            .Append(Encode(subject.Currency.Value))
            .Append("</strong> (minor units, as on the wire)");
        if (subject.OrderReference is { } reference)
        {
            html.Append(", order ").Append(Encode(reference));
        }
        html.Append(".</p>\n");
        if (error is not null)
        {
            html.Append("<p role=\"alert\" class=\"error\">").Append(Encode(error)).Append("</p>\n");
        }
        html.Append("<form method=\"post\">\n<fieldset><legend>Split: amount per payment method</legend>\n");
        for (var i = 0; i < solutions.Count; i++)
        {
            var field = HostedPageForm.AmountField(i);
            var value = i == 0 ? subject.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            html.Append("<p><label for=\"")
                .Append(field)
                .Append("\">")
                .Append(Encode($"{solutions[i].Partner}/{solutions[i].Method}"))
                .Append("</label> ")
                .Append("<input id=\"")
                .Append(field)
                .Append("\" name=\"")
                .Append(field)
                .Append("\" inputmode=\"numeric\" value=\"")
                .Append(value)
                .Append("\"></p>\n");
        }
        html.Append("</fieldset>\n<fieldset><legend>Outcome of the authorization</legend>\n");
        foreach (var outcome in HostedPageForm.Outcomes)
        {
            var check = outcome == AuthorizationStatus.Authorized ? " checked" : "";
            html.Append("<label><input type=\"radio\" name=\"")
                .Append(HostedPageForm.OutcomeField)
                .Append("\" value=\"")
                .Append(outcome.Value)
                .Append('"')
                .Append(check)
                .Append("> ")
                .Append(outcome.Value)
                .Append("</label>\n");
        }
        html.Append("</fieldset>\n<button type=\"submit\">Pay</button>\n</form>\n");
        return End(html);
    }

    /// <summary>A page with a message only: nothing to pay here (unknown, paid, expired, no return address).</summary>
    public static string Message(string title, string message)
    {
        var html = new StringBuilder();
        Start(html, title);
        html.Append("<p>").Append(Encode(message)).Append("</p>\n");
        return End(html);
    }

    private static void Start(StringBuilder html, string title) =>
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>")
            .Append(Encode(title))
            .Append("</title></head>\n<body>\n<h1>")
            .Append(Encode(title))
            .Append("</h1>\n");

    private static string End(StringBuilder html) => html.Append("</body>\n</html>\n").ToString();

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
