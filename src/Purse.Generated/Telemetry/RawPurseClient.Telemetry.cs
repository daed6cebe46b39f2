using System.Diagnostics;

namespace Purse.Models;

/// <summary>Records the HTTP status on the facade's operation span (source "Purse"), when one is listened to.</summary>
internal partial class RawPurseClient
{
    partial void ProcessResponse(HttpClient client, HttpResponseMessage response)
    {
        if (Activity.Current is { Source.Name: "Purse" } operation)
        {
            operation.SetTag("http.response.status_code", (int)response.StatusCode);
        }
    }
}
