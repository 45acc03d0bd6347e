using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MerchantConsole.Data.Migrations
{
    /// <inheritdoc />
    public partial class SandboxObjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SandboxBuyerTokens",
                columns: table => new
                {
                    Token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ShopId = table.Column<string>(type: "TEXT", nullable: false),
                    BuyerId = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxBuyerTokens", x => x.Token);
                });

            migrationBuilder.CreateTable(
                name: "SandboxChargePermissions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    CheckoutSessionId = table.Column<string>(type: "TEXT", nullable: false),
                    ChargePermissionType = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", nullable: true),
                    AmountLimit = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountAuthorized = table.Column<long>(type: "INTEGER", nullable: false),
                    BuyerId = table.Column<string>(type: "TEXT", nullable: false),
                    DetailsJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxChargePermissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxCharges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    ChargePermissionId = table.Column<string>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    CaptureAmount = table.Column<long>(type: "INTEGER", nullable: true),
                    RefundedAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    RefundCount = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", nullable: true),
                    CaptureNow = table.Column<bool>(type: "INTEGER", nullable: false),
                    CanHandlePendingAuthorization = table.Column<bool>(type: "INTEGER", nullable: false),
                    SettlesAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SettlesTo = table.Column<string>(type: "TEXT", nullable: true),
                    SettlesReason = table.Column<string>(type: "TEXT", nullable: true),
                    SoftDescriptor = table.Column<string>(type: "TEXT", nullable: true),
                    DetailsJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxCharges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxCheckoutSessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    StoreId = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", nullable: true),
                    ProductType = table.Column<string>(type: "TEXT", nullable: true),
                    ChargePermissionType = table.Column<string>(type: "TEXT", nullable: false),
                    PaymentIntent = table.Column<string>(type: "TEXT", nullable: true),
                    ChargeAmount = table.Column<long>(type: "INTEGER", nullable: true),
                    CanHandlePendingAuthorization = table.Column<bool>(type: "INTEGER", nullable: false),
                    AllowOvercharge = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExtendExpiration = table.Column<bool>(type: "INTEGER", nullable: false),
                    DetailsJson = table.Column<string>(type: "TEXT", nullable: false),
                    BuyerId = table.Column<string>(type: "TEXT", nullable: true),
                    PaymentDescriptor = table.Column<string>(type: "TEXT", nullable: true),
                    BuyerOutcome = table.Column<string>(type: "TEXT", nullable: true),
                    ChargePermissionId = table.Column<string>(type: "TEXT", nullable: true),
                    ChargeId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxCheckoutSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxFaults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Rate = table.Column<double>(type: "REAL", nullable: false),
                    Remaining = table.Column<int>(type: "INTEGER", nullable: true),
                    DelayMilliseconds = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxFaults", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxIdempotentResponses",
                columns: table => new
                {
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: false),
                    ResponseBody = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxIdempotentResponses", x => new { x.ShopId, x.IdempotencyKey });
                });

            migrationBuilder.CreateTable(
                name: "SandboxKeys",
                columns: table => new
                {
                    PublicKeyId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    PublicKeyPem = table.Column<string>(type: "TEXT", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxKeys", x => x.PublicKeyId);
                });

            migrationBuilder.CreateTable(
                name: "SandboxMerchants",
                columns: table => new
                {
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    MerchantId = table.Column<string>(type: "TEXT", maxLength: 14, nullable: false),
                    StoreId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClockOffsetSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxMerchants", x => x.ShopId);
                });

            migrationBuilder.CreateTable(
                name: "SandboxRefunds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    ChargeId = table.Column<string>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", nullable: true),
                    SettlesAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SettlesTo = table.Column<string>(type: "TEXT", nullable: true),
                    SettlesReason = table.Column<string>(type: "TEXT", nullable: true),
                    SoftDescriptor = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxRefunds", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxChargePermissions_ShopId",
                table: "SandboxChargePermissions",
                column: "ShopId");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxCharges_ChargePermissionId",
                table: "SandboxCharges",
                column: "ChargePermissionId");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxCheckoutSessions_ShopId",
                table: "SandboxCheckoutSessions",
                column: "ShopId");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxFaults_ShopId",
                table: "SandboxFaults",
                column: "ShopId");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxKeys_ShopId",
                table: "SandboxKeys",
                column: "ShopId");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxMerchants_MerchantId",
                table: "SandboxMerchants",
                column: "MerchantId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SandboxMerchants_StoreId",
                table: "SandboxMerchants",
                column: "StoreId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SandboxRefunds_ChargeId",
                table: "SandboxRefunds",
                column: "ChargeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SandboxBuyerTokens");

            migrationBuilder.DropTable(
                name: "SandboxChargePermissions");

            migrationBuilder.DropTable(
                name: "SandboxCharges");

            migrationBuilder.DropTable(
                name: "SandboxCheckoutSessions");

            migrationBuilder.DropTable(
                name: "SandboxFaults");

            migrationBuilder.DropTable(
                name: "SandboxIdempotentResponses");

            migrationBuilder.DropTable(
                name: "SandboxKeys");

            migrationBuilder.DropTable(
                name: "SandboxMerchants");

            migrationBuilder.DropTable(
                name: "SandboxRefunds");
        }
    }
}
