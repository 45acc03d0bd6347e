using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MerchantConsole.Tests.Core.AmazonPay;

/// <summary>A request exactly as it arrived on the socket.</summary>
internal sealed record RawRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string Path => Target.Split('?')[0];

    public string? Query => Target.Contains('?', StringComparison.Ordinal) ? Target[Target.IndexOf('?', StringComparison.Ordinal)..] : null;

    public string Header(string name) =>
        Headers.Single(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

internal sealed record CannedResponse(int Status, string Body, params (string Name, string Value)[] Headers)
{
    /// <summary>How long the server waits before answering.</summary>
    public TimeSpan Delay { get; init; }
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1, port 0, reading requests off the socket byte for byte (no
/// framework in between re-parses or normalises them) and answering with queued responses, one
/// connection per request.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    // Cancelled on dispose and never disposed itself, so a second DisposeAsync is harmless.
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public RawHttpServer()
    {
        listener.Start();
        loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public ConcurrentQueue<CannedResponse> Responses { get; } = new();

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            await using var stream = client.GetStream();
            Requests.Enqueue(await ReadRequestAsync(stream));
            var response = Responses.TryDequeue(out var canned) ? canned : new CannedResponse(500, "{\"reasonCode\":\"NoCannedResponse\",\"message\":\"test server queue empty\"}");
            await WriteResponseAsync(stream, response);
        }
    }

    private async Task<RawRequest> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, stop.Token) == 0)
            {
                throw new IOException("connection closed inside the head");
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        var length = headers.Where(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h.Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, stop.Token);
        return new RawRequest(requestLine[0], requestLine[1], headers, body);
    }

    private async Task WriteResponseAsync(NetworkStream stream, CannedResponse response)
    {
        await Task.Delay(response.Delay, stop.Token);
        var body = Encoding.UTF8.GetBytes(response.Body);
        var head = new StringBuilder($"HTTP/1.1 {response.Status} Status\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n");
        foreach (var (name, value) in response.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), stop.Token);
        await stream.WriteAsync(body, stop.Token);
    }

    private static bool EndsWithBlankLine(List<byte> buffer) =>
        buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';
}
