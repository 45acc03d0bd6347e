using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Hosting;
using MerchantConsole.Shops;

namespace MerchantConsole.Settings;

/// <summary>
/// The settings screen's live preview runs the exact snippet in a page of its own, served here. A <c>srcdoc</c>
/// frame would inherit the console's Content-Security-Policy, which lets no inline script run but the import map;
/// this page has its own policy and gives the snippet's scripts its nonce. Previews live in memory for an hour,
/// for the staff member who made them only, under an unguessable ID.
/// </summary>
public sealed class SnippetPreviews(TimeProvider clock)
{
    public const string PathPrefix = "/settings/snippet-preview/";

    /// <summary>Enough for every Owner clicking "create" for an hour; the oldest go first beyond it.</summary>
    public const int Capacity = 1000;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>Keeps the snippet for <paramref name="userId"/> and returns the frame's URL (relative to the app's base).</summary>
    public string Add(string userId, string snippet)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in entries)
        {
            if (entry.Expires <= now)
            {
                entries.TryRemove(key, out _);
            }
        }

        while (entries.Count >= Capacity && entries.MinBy(e => e.Value.Expires) is { Key: { } oldest })
        {
            entries.TryRemove(oldest, out _);
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        entries[id] = new Entry(userId, snippet, now + Lifetime);
        return PathPrefix.TrimStart('/') + id;
    }

    public string? Find(string id, string userId) =>
        entries.TryGetValue(id, out var entry) && entry.UserId == userId && entry.Expires > clock.GetUtcNow() ? entry.Snippet : null;

    private sealed record Entry(string UserId, string Snippet, DateTimeOffset Expires);
}

/// <summary>The preview page: the snippet alone, under its own policy; 404 for an unknown, expired or another person's preview.</summary>
public static class SnippetPreviewEndpoints
{
    public static IEndpointRouteBuilder MapSnippetPreviews(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SnippetPreviews.PathPrefix + "{id}", (HttpContext http, SnippetPreviews previews, string id) =>
        {
            var snippet = previews.Find(id, ActorRef.From(http.User).Id);
            if (snippet is null)
            {
                return Results.NotFound();
            }

            var nonce = SecurityHeaders.Nonce(http);
            http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicies.SnippetPreview(nonce);
            http.Response.Headers.CacheControl = "no-store";
            var html = "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>Preview</title></head><body>\n"
                + SecurityHeaders.WithNonce(snippet, nonce) + "</body></html>\n";
            return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
        }).RequireAuthorization(Policies.ViewShop);
        return endpoints;
    }
}
