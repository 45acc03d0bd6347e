using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Settings;

/// <summary>
/// A connection test's verdict in words a non-engineer understands, with the technical detail (Amazon's
/// reasonCode and message, which for a bad signature includes the string to sign) one click away.
/// </summary>
public sealed record ConnectionReport(bool Passed, string Japanese, string English, string? ReasonCode = null, string? Technical = null, bool PromotedNewKey = false);

/// <summary>
/// Proves that the shop's key pairs with its public key ID and that Amazon Pay knows its store ID, with two
/// harmless signed calls: reading a charge permission that does not exist (404 means the signature was
/// accepted) and creating a checkout session nobody will use (it expires unused after 24 hours).
/// A newly uploaded key replaces the one in use only when this test passes with it.
/// </summary>
public sealed class ConnectionTester(
    IDbContextFactory<ApplicationDbContext> dbFactory, AmazonPayConnection connection, AmazonPayClient client, TimeProvider clock)
{
    private const string ProbePermissionId = "S03-0000000-0000000";

    public async Task<ConnectionReport?> RunAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (settings, shopId) = await AmazonPaySettingsService.OwnedAsync(db, actor, cancellationToken);
        if (settings is null)
        {
            return null;
        }

        var testingPending = settings.PendingProtectedPrivateKey is not null;
        var report = await ProbeAsync(settings, testingPending, cancellationToken);
        settings.LastConnectionTestAt = clock.GetUtcNow();
        settings.LastConnectionTestPassed = report.Passed;
        if (report.Passed && testingPending)
        {
            settings.ProtectedPrivateKey = settings.PendingProtectedPrivateKey;
            settings.KeyFingerprint = settings.PendingKeyFingerprint;
            settings.KeyUploadedAt = settings.PendingKeyUploadedAt;
            settings.KeyUploadedBy = settings.PendingKeyUploadedBy;
            settings.PendingProtectedPrivateKey = null;
            settings.PendingKeyFingerprint = null;
            settings.PendingKeyUploadedAt = null;
            settings.PendingKeyUploadedBy = null;
            report = report with { PromotedNewKey = true };
        }

        db.Journal(clock, shopId, actor, "settings.connection-test", shopId,
            $"passed={report.Passed}; key={(testingPending ? "pending" : "active")}; reason={report.ReasonCode}");
        settings.Version++;
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }

    private async Task<ConnectionReport> ProbeAsync(ShopAmazonPaySettings settings, bool pending, CancellationToken cancellationToken)
    {
        if (settings.PublicKeyId is null || settings.StoreId is null || settings.MerchantId is null)
        {
            return new(false, SettingsRefusals.IdsMissing.Japanese, SettingsRefusals.IdsMissing.English, SettingsRefusals.IdsMissing.Code);
        }

        var credentials = connection.Credentials(settings, pending);
        if (credentials is null)
        {
            return new(false, SettingsRefusals.NoKey.Japanese, SettingsRefusals.NoKey.English, SettingsRefusals.NoKey.Code);
        }

        var read = await client.GetChargePermissionAsync(credentials, ProbePermissionId, cancellationToken);
        if (read.Error is { } error && error.HttpStatus != 404)
        {
            return Explain(error);
        }

        var session = await client.CreateCheckoutSessionAsync(credentials, new CreateCheckoutSessionRequest(
            new WebCheckoutDetails(CheckoutReviewReturnUrl: "https://connection-test.invalid/review"), settings.StoreId),
            AmazonPayClient.NewIdempotencyKey(), cancellationToken);
        if (session.Error is { } storeError)
        {
            return storeError.ReasonCode is "InvalidParameterValue" or "MissingParameterValue"
                ? new(false,
                    "キーは正しく対になっていますが、Amazon Pay はこのストアIDを認識しません。Seller Central の「ストアID」(amzn1.application-oa2-client. で始まる値)を確認してください。",
                    "The key pairs correctly, but Amazon Pay does not recognise this store ID. Check the store ID in Seller Central (it starts with amzn1.application-oa2-client.).",
                    storeError.ReasonCode, storeError.Message)
                : Explain(storeError);
        }

        return new(true,
            "接続できました。プライベートキーはパブリックキーIDと対になっており、ストアIDも Amazon Pay に認識されています。",
            "Connected. The private key pairs with the public key ID, and Amazon Pay knows the store ID.");
    }

    private static ConnectionReport Explain(AmazonPayError error) => error switch
    {
        { IsInvalidSignature: true } => new(false,
            "Amazon Pay が署名を受け付けませんでした。アップロードしたプライベートキーが、このパブリックキーIDのキーペアのものではありません(または、サーバーの時計が大きくずれています)。",
            "Amazon Pay did not accept the signature: the uploaded private key is not the one for this public key ID (or the server's clock is far off).",
            error.ReasonCode, error.Message),
        { ReasonCode: "UnauthorizedAccess" } => new(false,
            "Amazon Pay はこのパブリックキーIDを知りません。Seller Central に表示されたパブリックキーIDと、接続先(サンドボックス/本番)を確認してください。",
            "Amazon Pay does not know this public key ID. Check the public key ID shown in Seller Central and the environment (sandbox or live).",
            error.ReasonCode, error.Message),
        { ReasonCode: "InvalidHeaderValue" } => new(false,
            "Amazon Pay が要求の日時を受け付けませんでした。サーバーの時計を確認してください。",
            "Amazon Pay did not accept the request's date. Check the server's clock.",
            error.ReasonCode, error.Message),
        { Kind: AmazonPayErrorKind.Unreachable or AmazonPayErrorKind.TimedOut } => new(false,
            "Amazon Pay に接続できませんでした。ネットワークか Amazon Pay の状態を確認して、もう一度お試しください。",
            "Could not reach Amazon Pay. Check the network or Amazon Pay's status and try again.",
            error.ReasonCode, error.Message),
        _ => new(false,
            "Amazon Pay がエラーを返しました。技術的な詳細を確認してください。",
            "Amazon Pay answered with an error. See the technical detail.",
            error.ReasonCode, $"HTTP {error.HttpStatus}: {error.Message}"),
    };
}
