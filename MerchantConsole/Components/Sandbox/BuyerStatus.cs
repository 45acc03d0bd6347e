using MerchantConsole.Sandbox;

namespace MerchantConsole.Components.Sandbox;

/// <summary>The status a buyer page answers with when the sandbox refuses, so that scripts and tests see the refusal too.</summary>
internal static class BuyerStatus
{
    public static void Set(HttpContext http, string errorKey) => Set(http, errorKey switch
    {
        SandboxErrors.SessionNotFound => StatusCodes.Status404NotFound,
        SandboxErrors.SessionNotOpen or SandboxErrors.SessionNotReady => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    });

    /// <summary>
    /// Applied as the response starts, not while rendering: static rendering sends no body for a page that sets 404
    /// while it renders (the console's status page is expected to stand in), and this page is its own explanation.
    /// </summary>
    public static void Set(HttpContext http, int statusCode)
    {
        // The last refusal wins: one callback reads the status when the response starts.
        var registered = http.Items.ContainsKey(typeof(BuyerStatus));
        http.Items[typeof(BuyerStatus)] = statusCode;
        if (!registered)
        {
            http.Response.OnStarting(() =>
            {
                http.Response.StatusCode = (int)http.Items[typeof(BuyerStatus)]!;
                return Task.CompletedTask;
            });
        }
    }
}
