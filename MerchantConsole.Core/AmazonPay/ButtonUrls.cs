namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// Return URLs in a button payload must be absolute https: Amazon sends the buyer there. Plain
/// http is allowed only for loopback hosts in sandbox mode, where the embedded sandbox plays Amazon.
/// </summary>
public static class ButtonUrls
{
    public static Refusal? Check(string? url, string field, bool sandbox)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return new Refusal(
                "UrlNotAbsolute",
                $"{field} には https:// で始まる完全なURLを入力してください。",
                $"{field} must be a complete URL starting with https://.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !(sandbox && uri.IsLoopback))
        {
            return new Refusal(
                "UrlNotHttps",
                $"{field} は https:// で始まる必要があります（http:// はサンドボックスでのローカルホストのみ使用できます）。",
                $"{field} must use https:// (http:// is allowed only for localhost in sandbox mode).");
        }

        return uri.UserInfo.Length > 0
            ? new Refusal(
                "UrlHasCredentials",
                $"{field} にユーザー名やパスワードを含めることはできません。",
                $"{field} must not contain a user name or password.")
            : null;
    }

    public static Refusal? CheckOptional(string? url, string field, bool sandbox) =>
        string.IsNullOrEmpty(url) ? null : Check(url, field, sandbox);
}
