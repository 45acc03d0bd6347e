using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MerchantConsole.Data.PostgresMigrations
{
    /// <inheritdoc />
    public partial class GridDateOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_GatewayTransactions_ShopId_CreatedAt",
                table: "GatewayTransactions");

            migrationBuilder.CreateIndex(
                name: "IX_GatewayTransactions_ShopId_CreatedAt_Id_State",
                table: "GatewayTransactions",
                columns: new[] { "ShopId", "CreatedAt", "Id", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_GatewayTransactions_ShopId_CreatedAt_Id_State",
                table: "GatewayTransactions");

            migrationBuilder.CreateIndex(
                name: "IX_GatewayTransactions_ShopId_CreatedAt",
                table: "GatewayTransactions",
                columns: new[] { "ShopId", "CreatedAt" });
        }
    }
}
