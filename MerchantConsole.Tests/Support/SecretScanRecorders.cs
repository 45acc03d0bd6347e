using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MerchantConsole.Tests.Support;

/// <summary>What a test console adds when the secret scan is on: a log recorder and a response recorder.</summary>
public static class SecretScanRecorders
{
    /// <summary>Information and above, whatever the console's own log level: what an operator's log would hold.</summary>
    public static void Add(IServiceCollection services)
    {
        services.AddLogging(logging => logging
            .AddProvider(new RecordingLoggerProvider())
            .AddFilter<RecordingLoggerProvider>(null, LogLevel.Information));
        services.AddSingleton<IStartupFilter, RecordingStartupFilter>();
    }

    /// <summary>
    /// Registers every secret the console's database holds (Data Protection with the app's own purposes): each shop's
    /// ShopPass, every transaction's AccessPass, every stored or pending private key. Called before the console stops.
    /// A value that cannot be unprotected is skipped, not the rest: the answer names how many of each kind were skipped.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RegisterStoredSecretsAsync(IServiceProvider services)
    {
        var protection = services.GetRequiredService<IDataProtectionProvider>();
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var shopPasses = await db.Shops.Where(s => s.ProtectedShopPass != null).Select(s => s.ProtectedShopPass!).ToListAsync();
        var accessPasses = await db.GatewayTransactions.Select(t => t.ProtectedAccessPass).ToListAsync();
        var stored = await db.ShopAmazonPaySettings.Select(s => new { s.ProtectedPrivateKey, s.PendingProtectedPrivateKey }).ToListAsync();
        var keys = stored.SelectMany(s => new[] { s.ProtectedPrivateKey, s.PendingProtectedPrivateKey }).OfType<string>().ToList();
        var unread = new List<string>();
        Register("ShopPass", ShopPasswords.Purpose, shopPasses, clear => SecretScan.RegisterSecret("ShopPass", clear));
        Register("AccessPass", PaymentGateway.AccessPassPurpose, accessPasses, clear => SecretScan.RegisterSecret("AccessPass", clear));
        Register("private key", AmazonPayConnection.KeyPurpose, keys, SecretScan.RegisterPrivateKey);
        SecretScan.Flush();
        return unread;

        void Register(string kind, string purpose, List<string> values, Action<string> register)
        {
            var protector = protection.CreateProtector(purpose);
            var failures = 0;
            string? reason = null;
            foreach (var value in values)
            {
                try
                {
                    register(protector.Unprotect(value));
                }
                catch (CryptographicException e)
                {
                    failures++;
                    reason ??= (e.InnerException ?? e).Message;
                }
            }

            if (failures > 0)
            {
                unread.Add($"{failures} of {values.Count} {kind} values: {reason}");
            }
        }
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class RecordingLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The message as a console or file logger would write it, and the structured values a JSON logger would add.
            var text = new StringBuilder(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (name, value) in values)
                {
                    text.Append(' ').Append(name).Append('=').Append(value);
                }
            }

            if (exception is not null)
            {
                text.AppendLine().Append(exception);
            }

            SecretScan.Write(new ScanRecord(ScanRecord.Log, $"{logLevel} {category}", text.ToString()));
        }
    }

    private sealed class RecordingStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(RecordAsync);
            next(app);
        };

        private static async Task RecordAsync(HttpContext context, RequestDelegate next)
        {
            var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            await using var tee = new TeeStream(original.Stream);
            var recording = new StreamResponseBodyFeature(tee, original);
            context.Features.Set<IHttpResponseBodyFeature>(recording);
            try
            {
                await next(context);
                // Whatever the app wrote through the body's PipeWriter is still in the wrapper's buffer until it completes.
                await recording.CompleteAsync();
            }
            finally
            {
                context.Features.Set(original);
                var text = new StringBuilder();
                foreach (var (name, value) in context.Response.Headers)
                {
                    text.Append(name).Append(": ").AppendLine(value.ToString());
                }

                // Latin-1 keeps every byte as one character: secrets are ASCII and match whatever the body's encoding.
                text.AppendLine().Append(Encoding.Latin1.GetString(tee.Captured));
                SecretScan.Write(new ScanRecord(
                    ScanRecord.Response,
                    $"{context.Request.Method} {context.Request.Path} {context.Response.StatusCode}",
                    text.ToString()));
            }
        }
    }

    /// <summary>Passes every write through and keeps a copy of the first 8 MB.</summary>
    private sealed class TeeStream(Stream inner) : Stream
    {
        private const int Limit = 8 << 20;
        private readonly MemoryStream copy = new();

        public ReadOnlySpan<byte> Captured => copy.GetBuffer().AsSpan(0, (int)copy.Length);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            var room = Limit - (int)copy.Length;
            copy.Write(bytes[..Math.Min(room, bytes.Length)]);
        }
    }
}
