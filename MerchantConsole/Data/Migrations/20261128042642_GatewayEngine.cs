using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MerchantConsole.Data.Migrations
{
    /// <inheritdoc />
    public partial class GatewayEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProtectedShopPass",
                table: "Shops",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ShopPassChangedAt",
                table: "Shops",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "GatewayJournal",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: true),
                    PermissionId = table.Column<long>(type: "INTEGER", nullable: true),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 27, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Operation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StateBefore = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    StateAfter = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", nullable: true),
                    Tax = table.Column<long>(type: "INTEGER", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AmazonRequestId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AmazonObjectId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayJournal", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GatewayNotifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: true),
                    FieldsJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    IsTest = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayNotifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GatewayPendingOperations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: true),
                    PermissionId = table.Column<long>(type: "INTEGER", nullable: true),
                    Operation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Arguments = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ActorKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayPendingOperations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GatewayPermissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    ChargePermissionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OriginTransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FrequencyUnit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    FrequencyValue = table.Column<int>(type: "INTEGER", nullable: true),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayPermissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GatewayPermissions_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatewayTransactions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShopId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 27, nullable: false),
                    AccessId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProtectedAccessPass = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    PaymentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    JobCd = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AmazonPayType = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Tax = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountChangeEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    FirstAuthorizedTotal = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorizedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CaptureDeadline = table.Column<long>(type: "INTEGER", nullable: true),
                    AuthorizationExpired = table.Column<bool>(type: "INTEGER", nullable: false),
                    CapturedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CapturedAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    CapturedTax = table.Column<long>(type: "INTEGER", nullable: false),
                    CancelledAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    CancelledTax = table.Column<long>(type: "INTEGER", nullable: false),
                    PartialRefunds = table.Column<int>(type: "INTEGER", nullable: false),
                    PendingRefundId = table.Column<long>(type: "INTEGER", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CheckoutSessionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ChargeId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ChargePermissionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PermissionId = table.Column<long>(type: "INTEGER", nullable: true),
                    RetUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    ClientField1 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClientField2 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClientField3 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FrequencyUnit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    FrequencyValue = table.Column<int>(type: "INTEGER", nullable: true),
                    StartTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    StartLimit = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SyncDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SyncAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    SyncLeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayTransactions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GatewayTransactions_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatewayNotificationAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NotificationId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    HttpStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    ResponseBody = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Received = table.Column<bool>(type: "INTEGER", nullable: false),
                    DurationMilliseconds = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayNotificationAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GatewayNotificationAttempts_GatewayNotifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "GatewayNotifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatewayPermissionCharges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PermissionId = table.Column<long>(type: "INTEGER", nullable: false),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayPermissionCharges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GatewayPermissionCharges_GatewayPermissions_PermissionId",
                        column: x => x.PermissionId,
                        principalTable: "GatewayPermissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatewayAmountChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    TaxBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    TaxAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    ChargeIdBefore = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ChargeIdAfter = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayAmountChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GatewayAmountChanges_GatewayTransactions_TransactionId",
                        column: x => x.TransactionId,
                        principalTable: "GatewayTransactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatewayRefunds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    AmazonRefundId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Tax = table.Column<long>(type: "INTEGER", nullable: false),
                    IsFullCancel = table.Column<bool>(type: "INTEGER", nullable: false),
                    StateBefore = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SettledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayRefunds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GatewayRefunds_GatewayTransactions_TransactionId",
                        column: x => x.TransactionId,
                        principalTable: "GatewayTransactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayAmountChanges_TransactionId",
                table: "GatewayAmountChanges",
                column: "TransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_GatewayJournal_ShopId_At",
                table: "GatewayJournal",
                columns: new[] { "ShopId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayJournal_ShopId_TransactionId_At",
                table: "GatewayJournal",
                columns: new[] { "ShopId", "TransactionId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayNotificationAttempts_NotificationId",
                table: "GatewayNotificationAttempts",
                column: "NotificationId");

            migrationBuilder.CreateIndex(
                name: "IX_GatewayNotifications_ShopId_CreatedAt",
                table: "GatewayNotifications",
                columns: new[] { "ShopId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayNotifications_Status_NextAttemptAt",
                table: "GatewayNotifications",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayPendingOperations_LeaseUntil",
                table: "GatewayPendingOperations",
                column: "LeaseUntil");

            migrationBuilder.CreateIndex(
                name: "IX_GatewayPendingOperations_Subject",
                table: "GatewayPendingOperations",
                column: "Subject",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GatewayPermissionCharges_PermissionId",
                table: "GatewayPermissionCharges",
                column: "PermissionId");

            migrationBuilder.CreateIndex(
                name: "IX_GatewayPermissions_ShopId_ChargePermissionId",
                table: "GatewayPermissions",
                columns: new[] { "ShopId", "ChargePermissionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GatewayPermissions_ShopId_State_UpdatedAt",
                table: "GatewayPermissions",
                columns: new[] { "ShopId", "State", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayRefunds_TransactionId",
                table: "GatewayRefunds",
                column: "TransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_GatewayTransactions_AccessId",
                table: "GatewayTransactions",
                column: "AccessId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GatewayTransactions_ShopId_ChargePermissionId",
                table: "GatewayTransactions",
                columns: new[] { "ShopId", "ChargePermissionId" });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayTransactions_ShopId_CreatedAt",
                table: "GatewayTransactions",
                columns: new[] { "ShopId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayTransactions_ShopId_OrderId",
                table: "GatewayTransactions",
                columns: new[] { "ShopId", "OrderId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GatewayTransactions_ShopId_State_CreatedAt",
                table: "GatewayTransactions",
                columns: new[] { "ShopId", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GatewayTransactions_SyncDueAt",
                table: "GatewayTransactions",
                column: "SyncDueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GatewayAmountChanges");

            migrationBuilder.DropTable(
                name: "GatewayJournal");

            migrationBuilder.DropTable(
                name: "GatewayNotificationAttempts");

            migrationBuilder.DropTable(
                name: "GatewayPendingOperations");

            migrationBuilder.DropTable(
                name: "GatewayPermissionCharges");

            migrationBuilder.DropTable(
                name: "GatewayRefunds");

            migrationBuilder.DropTable(
                name: "GatewayNotifications");

            migrationBuilder.DropTable(
                name: "GatewayPermissions");

            migrationBuilder.DropTable(
                name: "GatewayTransactions");

            migrationBuilder.DropColumn(
                name: "ProtectedShopPass",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "ShopPassChangedAt",
                table: "Shops");
        }
    }
}
