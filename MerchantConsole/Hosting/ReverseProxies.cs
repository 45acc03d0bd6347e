using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Hosting;

/// <summary>
/// The reverse proxies whose X-Forwarded-Proto the console believes (<c>ForwardedHeaders:KnownProxies</c>, addresses,
/// and <c>ForwardedHeaders:KnownNetworks</c>, CIDR ranges). Nothing set means loopback only: a TLS-terminating proxy on
/// the same host. A request from any other address keeps its own scheme, so a client cannot make the console think
/// a plain-HTTP request was HTTPS.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ForwardedHeaders";

    public string[] KnownProxies { get; set; } = [];

    public string[] KnownNetworks { get; set; } = [];
}

internal sealed class ReverseProxyOptionsValidation : IValidateOptions<ReverseProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReverseProxyOptions options)
    {
        var failures = options.KnownProxies.Select((value, i) => (value, i))
            .Where(p => !IPAddress.TryParse(p.value, out _))
            .Select(p => Invalid($"{ReverseProxyOptions.Section}:{nameof(options.KnownProxies)}:{p.i}", p.value, "an IP address such as 10.0.0.5", "10.0.0.5 のような IP アドレス"))
            .Concat(options.KnownNetworks.Select((value, i) => (value, i))
                .Where(n => !System.Net.IPNetwork.TryParse(n.value, out _))
                .Select(n => Invalid($"{ReverseProxyOptions.Section}:{nameof(options.KnownNetworks)}:{n.i}", n.value, "a network in CIDR form such as 10.0.0.0/24", "10.0.0.0/24 のような CIDR 形式のネットワーク")))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invalid(string key, string value, string en, string ja) =>
        $"{key} '{value}' must be {en}. / 設定 {key} の '{value}' が不正です: {ja}で指定してください。";
}

public static class ReverseProxyRegistration
{
    /// <summary>Only X-Forwarded-Proto is read: the console needs the scheme (Secure cookies, https links), nothing else.</summary>
    public static IServiceCollection AddReverseProxies(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ReverseProxyOptions>, ReverseProxyOptionsValidation>();
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section).ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxiesOption) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedProto;
            var proxies = proxiesOption.Value;
            if (proxies.KnownProxies.Length == 0 && proxies.KnownNetworks.Length == 0)
            {
                return; // ForwardedHeadersOptions' default: loopback (127.0.0.0/8 and ::1).
            }

            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
            }

            foreach (var network in proxies.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    forwarded.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return services;
    }
}
