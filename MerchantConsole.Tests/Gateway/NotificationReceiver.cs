using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MerchantConsole.Tests.Gateway;

/// <summary>A notification as the merchant's server received it: raw bytes and the declared content type.</summary>
internal sealed record ReceivedNotification(string? ContentType, byte[] Body);

/// <summary>
/// A merchant's result-notification program on Kestrel (127.0.0.1, port 0). Each request takes the next queued
/// answer; <see cref="Hang"/> answers nothing until the sender gives up, which is how a timeout is made without a sleep.
/// </summary>
internal sealed class NotificationReceiver : IAsyncDisposable
{
    public static readonly Func<HttpContext, Task> Hang = context => Task.Delay(Timeout.Infinite, context.RequestAborted);

    private readonly WebApplication app;

    private NotificationReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<Func<HttpContext, Task>> Answers { get; } = new();

    public ConcurrentQueue<ReceivedNotification> Received { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static Func<HttpContext, Task> Answer(string body, int status = 200) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(body, context.RequestAborted);
    };

    public void Enqueue(params Func<HttpContext, Task>[] answers)
    {
        foreach (var answer in answers)
        {
            Answers.Enqueue(answer);
        }
    }

    public static async Task<NotificationReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new NotificationReceiver(app);
        app.MapPost("/notify", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            receiver.Received.Enqueue(new ReceivedNotification(context.Request.ContentType, buffer.ToArray()));
            var answer = receiver.Answers.TryDequeue(out var next) ? next : Answer("no answer queued", 500);
            try
            {
                await answer(context);
            }
            catch (OperationCanceledException)
            {
                // The sender gave up (its timeout): nothing to answer.
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/notify");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
