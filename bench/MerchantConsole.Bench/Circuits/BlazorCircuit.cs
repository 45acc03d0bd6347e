using System.Buffers;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Bench.Circuits;

/// <summary>
/// One interactive Blazor Server circuit, opened the way blazor.web.js opens it, without a browser: the prerendered
/// page's component markers, a SignalR connection to /_blazor speaking blazorpack, <c>StartCircuit</c>, then
/// <c>UpdateRootComponents</c> with the markers. Render batches are acknowledged (as the browser does once it has
/// applied them) and JavaScript calls answered with <c>null</c>, so the server holds what it holds for a real tab.
/// </summary>
internal sealed partial class BlazorCircuit : IAsyncDisposable
{
    private readonly HubConnection hub;
    private readonly Uri baseUri;
    private long lastBatchAt;
    private int batches;

    private BlazorCircuit(HubConnection hub, Uri baseUri)
    {
        this.hub = hub;
        this.baseUri = baseUri;
    }

    public int RenderBatches => Volatile.Read(ref batches);

    public int JsCalls { get; private set; }

    /// <summary>The server's JS.Error message, or a failure of this client; null while the circuit is healthy.</summary>
    public string? Error { get; private set; }

    public bool Connected => hub.State == HubConnectionState.Connected;

    public static async Task<BlazorCircuit> OpenAsync(Uri baseUri, string path, HttpClient http, CookieContainer cookies, CancellationToken cancellationToken)
    {
        var html = await http.GetStringAsync(new Uri(baseUri, path), cancellationToken);
        var markers = Marker().Matches(html)
            .Select(m => JsonSerializer.Deserialize<JsonElement>(m.Groups[1].Value))
            .Where(m => m.TryGetProperty("type", out var type) && type.GetString() == "server" && m.TryGetProperty("descriptor", out _))
            .ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{path} has no interactive server component: was the sign-in lost? ({html.Length} characters)");
        }

        var state = State().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "_blazor"), HttpTransportType.WebSockets, o =>
            {
                o.Cookies = cookies;
                // Straight to the WebSocket: on a loaded machine a negotiated connection ID can expire before it is used (404).
                o.SkipNegotiation = true;
            });
        // The last registration wins over the builder's default JSON protocol.
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        var circuit = new BlazorCircuit(builder.Build(), baseUri);
        await circuit.StartAsync(path, markers, state, cancellationToken);
        return circuit;
    }

    private async Task StartAsync(string path, List<JsonElement> markers, string state, CancellationToken cancellationToken)
    {
        hub.ServerTimeout = TimeSpan.FromMinutes(5);
        hub.On<long, byte[]>("JS.RenderBatch", async (id, _) =>
        {
            Interlocked.Increment(ref batches);
            Volatile.Write(ref lastBatchAt, Environment.TickCount64);
            try
            {
                await hub.SendAsync("OnRenderCompleted", id, null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Error ??= "ack: " + e.Message;
            }
        });
        // .NET 10: (asyncHandle, identifier, argsJson, resultType, targetInstanceId, callType); handle 0 wants no answer.
        hub.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], async (args, _) =>
        {
            JsCalls++;
            var handle = (long)args[0]!;
            if (handle != 0)
            {
                await hub.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,null]");
            }
        }, this);
        hub.On<string>("JS.Error", message => Error ??= message);
        hub.Closed += e =>
        {
            Error ??= "closed" + (e is null ? "" : ": " + e.Message);
            return Task.CompletedTask;
        };

        await hub.StartAsync(cancellationToken);
        var href = new Uri(baseUri, path).ToString();
        var id = await hub.InvokeAsync<string?>("StartCircuit", baseUri.ToString(), href, "[]", state, cancellationToken);
        if (string.IsNullOrEmpty(id))
        {
            throw new InvalidOperationException($"StartCircuit refused {path}: {Error}");
        }

        var operations = markers.Select((m, i) => new
        {
            type = "add",
            ssrComponentId = i + 1,
            marker = new
            {
                type = "server",
                prerenderId = m.TryGetProperty("prerenderId", out var p) ? p.GetString() : null,
                key = m.TryGetProperty("key", out var k) ? k : default(JsonElement?),
                sequence = m.GetProperty("sequence").GetInt32(),
                descriptor = m.GetProperty("descriptor").GetString(),
                uniqueId = i,
            },
        });
        await hub.SendAsync("UpdateRootComponents", JsonSerializer.Serialize(new { batchId = 1, operations }), state, cancellationToken);
        await SettledAsync(cancellationToken);
    }

    /// <summary>Navigates inside the circuit as a click on a link does (the grid's filters live in the URL).</summary>
    public Task NavigateAsync(string path, CancellationToken cancellationToken) => NavigateTimedAsync(path, cancellationToken);

    /// <summary>As <see cref="NavigateAsync"/>; the time from sending the location to the last render batch it caused.</summary>
    public async Task<TimeSpan> NavigateTimedAsync(string path, CancellationToken cancellationToken)
    {
        var before = RenderBatches;
        var sent = Environment.TickCount64;
        await hub.SendAsync("OnLocationChanged", new Uri(baseUri, path).ToString(), null, true, cancellationToken);
        await SettledAsync(cancellationToken, before);
        return TimeSpan.FromMilliseconds(Volatile.Read(ref lastBatchAt) - sent);
    }

    /// <summary>Waits until the page has rendered and nothing has arrived for a moment (data loads after the first render).</summary>
    private async Task SettledAsync(CancellationToken cancellationToken, int after = 0)
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < deadline)
        {
            await Task.Delay(50, cancellationToken);
            if (Error is not null)
            {
                throw new InvalidOperationException("circuit failed: " + Error);
            }

            if (RenderBatches > after && Environment.TickCount64 - Volatile.Read(ref lastBatchAt) > 400)
            {
                return;
            }
        }

        throw new TimeoutException($"no settled render within 60 s ({RenderBatches} batches)");
    }

    public ValueTask DisposeAsync() => hub.DisposeAsync();

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex State();
}

/// <summary>SignalR's MessagePack hub protocol announced as "blazorpack", the name Blazor's hub accepts.</summary>
internal sealed class BlazorPackProtocol : IHubProtocol
{
    private readonly MessagePackHubProtocol inner = new();

    public string Name => "blazorpack";

    public int Version => 1;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    public bool IsVersionSupported(int version) => version <= Version;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
        inner.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
}
