using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MerchantConsole.Data.Migrations
{
    /// <inheritdoc />
    public partial class ShopAmazonPaySettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ShopAmazonPaySettings",
                columns: table => new
                {
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    StoreName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    UseAddress = table.Column<bool>(type: "INTEGER", nullable: false),
                    PublicKeyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    MerchantId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    StoreId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "TEXT", nullable: true),
                    KeyFingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    KeyUploadedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    KeyUploadedBy = table.Column<string>(type: "TEXT", nullable: true),
                    PendingProtectedPrivateKey = table.Column<string>(type: "TEXT", nullable: true),
                    PendingKeyFingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PendingKeyUploadedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PendingKeyUploadedBy = table.Column<string>(type: "TEXT", nullable: true),
                    NotificationUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecurringMonthlyCeiling = table.Column<long>(type: "INTEGER", nullable: false),
                    LastConnectionTestAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastConnectionTestPassed = table.Column<bool>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShopAmazonPaySettings", x => x.ShopId);
                    table.ForeignKey(
                        name: "FK_ShopAmazonPaySettings_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ShopAmazonPaySettings");
        }
    }
}
