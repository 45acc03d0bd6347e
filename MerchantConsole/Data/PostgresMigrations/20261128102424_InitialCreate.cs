using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MerchantConsole.Data.PostgresMigrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    IsGatewayAdmin = table.Column<bool>(type: "boolean", nullable: false),
                    CurrentShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<long>(type: "bigint", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    ShopId = table.Column<string>(type: "text", nullable: true),
                    Actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BulkCaptureJobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    FinishedAt = table.Column<long>(type: "bigint", nullable: true),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    TotalYen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkCaptureJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GatewayJournal",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    TransactionId = table.Column<long>(type: "bigint", nullable: true),
                    PermissionId = table.Column<long>(type: "bigint", nullable: true),
                    OrderId = table.Column<string>(type: "character varying(27)", maxLength: 27, nullable: true),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    ActorKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ActorId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Operation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StateBefore = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    StateAfter = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Amount = table.Column<long>(type: "bigint", nullable: true),
                    Tax = table.Column<long>(type: "bigint", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AmazonRequestId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AmazonObjectId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ErrorCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ErrorMessage = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayJournal", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GatewayNotifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    TransactionId = table.Column<long>(type: "bigint", nullable: true),
                    FieldsJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    IsTest = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    LeaseUntil = table.Column<long>(type: "bigint", nullable: true),
                    DeliveredAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayNotifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GatewayPendingOperations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Subject = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    TransactionId = table.Column<long>(type: "bigint", nullable: true),
                    PermissionId = table.Column<long>(type: "bigint", nullable: true),
                    Operation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Arguments = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ActorKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ActorId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: false),
                    LeaseUntil = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayPendingOperations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxBuyerTokens",
                columns: table => new
                {
                    Token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ShopId = table.Column<string>(type: "text", nullable: false),
                    BuyerId = table.Column<string>(type: "text", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxBuyerTokens", x => x.Token);
                });

            migrationBuilder.CreateTable(
                name: "SandboxChargePermissions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    CheckoutSessionId = table.Column<string>(type: "text", nullable: false),
                    ChargePermissionType = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    ReasonCode = table.Column<string>(type: "text", nullable: true),
                    AmountLimit = table.Column<long>(type: "bigint", nullable: false),
                    AmountAuthorized = table.Column<long>(type: "bigint", nullable: false),
                    BuyerId = table.Column<string>(type: "text", nullable: false),
                    DetailsJson = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxChargePermissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxCharges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    ChargePermissionId = table.Column<string>(type: "text", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    CaptureAmount = table.Column<long>(type: "bigint", nullable: true),
                    RefundedAmount = table.Column<long>(type: "bigint", nullable: false),
                    RefundCount = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    ReasonCode = table.Column<string>(type: "text", nullable: true),
                    CaptureNow = table.Column<bool>(type: "boolean", nullable: false),
                    CanHandlePendingAuthorization = table.Column<bool>(type: "boolean", nullable: false),
                    SettlesAt = table.Column<long>(type: "bigint", nullable: true),
                    SettlesTo = table.Column<string>(type: "text", nullable: true),
                    SettlesReason = table.Column<string>(type: "text", nullable: true),
                    SoftDescriptor = table.Column<string>(type: "text", nullable: true),
                    DetailsJson = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxCharges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxCheckoutSessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    StoreId = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    ReasonCode = table.Column<string>(type: "text", nullable: true),
                    ProductType = table.Column<string>(type: "text", nullable: true),
                    ChargePermissionType = table.Column<string>(type: "text", nullable: false),
                    PaymentIntent = table.Column<string>(type: "text", nullable: true),
                    ChargeAmount = table.Column<long>(type: "bigint", nullable: true),
                    CanHandlePendingAuthorization = table.Column<bool>(type: "boolean", nullable: false),
                    AllowOvercharge = table.Column<bool>(type: "boolean", nullable: false),
                    ExtendExpiration = table.Column<bool>(type: "boolean", nullable: false),
                    DetailsJson = table.Column<string>(type: "text", nullable: false),
                    BuyerId = table.Column<string>(type: "text", nullable: true),
                    PaymentDescriptor = table.Column<string>(type: "text", nullable: true),
                    BuyerOutcome = table.Column<string>(type: "text", nullable: true),
                    ChargePermissionId = table.Column<string>(type: "text", nullable: true),
                    ChargeId = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxCheckoutSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxFaults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Rate = table.Column<double>(type: "double precision", nullable: false),
                    Remaining = table.Column<int>(type: "integer", nullable: true),
                    DelayMilliseconds = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxFaults", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxIdempotentResponses",
                columns: table => new
                {
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    ResponseBody = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxIdempotentResponses", x => new { x.ShopId, x.IdempotencyKey });
                });

            migrationBuilder.CreateTable(
                name: "SandboxKeys",
                columns: table => new
                {
                    PublicKeyId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    PublicKeyPem = table.Column<string>(type: "text", nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RevokedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxKeys", x => x.PublicKeyId);
                });

            migrationBuilder.CreateTable(
                name: "SandboxMerchants",
                columns: table => new
                {
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false),
                    StoreId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ClockOffsetSeconds = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxMerchants", x => x.ShopId);
                });

            migrationBuilder.CreateTable(
                name: "SandboxRefunds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    ChargeId = table.Column<string>(type: "text", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    ReasonCode = table.Column<string>(type: "text", nullable: true),
                    SettlesAt = table.Column<long>(type: "bigint", nullable: true),
                    SettlesTo = table.Column<string>(type: "text", nullable: true),
                    SettlesReason = table.Column<string>(type: "text", nullable: true),
                    SoftDescriptor = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxRefunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Shops",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ProtectedShopPass = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ShopPassChangedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Shops", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BulkCaptureItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    OrderId = table.Column<string>(type: "character varying(27)", maxLength: 27, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ErrorCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Message = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LeaseUntil = table.Column<long>(type: "bigint", nullable: true),
                    DoneAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkCaptureItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BulkCaptureItems_BulkCaptureJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "BulkCaptureJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatewayNotificationAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NotificationId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    HttpStatus = table.Column<int>(type: "integer", nullable: true),
                    ResponseBody = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Received = table.Column<bool>(type: "boolean", nullable: false),
                    DurationMilliseconds = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GatewayNotificationAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GatewayNotificationAttempts_GatewayNotifications_Notificati~",
                        column: x => x.NotificationId,
                        principalTable: "GatewayNotifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatewayPermissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    ChargePermissionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Origin = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OriginTransactionId = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FrequencyUnit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    FrequencyValue = table.Column<int>(type: "integer", nullable: true),
                    GrantedAt = table.Column<long>(type: "bigint", nullable: true),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: true),
                    FailureReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    OrderId = table.Column<string>(type: "character varying(27)", maxLength: 27, nullable: false),
                    AccessId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProtectedAccessPass = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    PaymentType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    JobCd = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AmazonPayType = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Tax = table.Column<long>(type: "bigint", nullable: false),
                    AmountChangeEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    FirstAuthorizedTotal = table.Column<long>(type: "bigint", nullable: false),
                    AuthorizedAt = table.Column<long>(type: "bigint", nullable: true),
                    CaptureDeadline = table.Column<long>(type: "bigint", nullable: true),
                    AuthorizationExpired = table.Column<bool>(type: "boolean", nullable: false),
                    CapturedAt = table.Column<long>(type: "bigint", nullable: true),
                    CapturedAmount = table.Column<long>(type: "bigint", nullable: false),
                    CapturedTax = table.Column<long>(type: "bigint", nullable: false),
                    CancelledAmount = table.Column<long>(type: "bigint", nullable: false),
                    CancelledTax = table.Column<long>(type: "bigint", nullable: false),
                    PartialRefunds = table.Column<int>(type: "integer", nullable: false),
                    PendingRefundId = table.Column<long>(type: "bigint", nullable: true),
                    FailureReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CheckoutSessionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ChargeId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ChargePermissionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PermissionId = table.Column<long>(type: "bigint", nullable: true),
                    RetUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    ClientField1 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClientField2 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClientField3 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    FrequencyUnit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    FrequencyValue = table.Column<int>(type: "integer", nullable: true),
                    ApbJson = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    StartTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    StartLimit = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    SyncDueAt = table.Column<long>(type: "bigint", nullable: true),
                    SyncAttempts = table.Column<int>(type: "integer", nullable: false),
                    SyncLeaseUntil = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
                name: "ShopAmazonPaySettings",
                columns: table => new
                {
                    ShopId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false),
                    StoreName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    UseAddress = table.Column<bool>(type: "boolean", nullable: false),
                    PublicKeyId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    MerchantId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    StoreId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    Environment = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "text", nullable: true),
                    KeyFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    KeyUploadedAt = table.Column<long>(type: "bigint", nullable: true),
                    KeyUploadedBy = table.Column<string>(type: "text", nullable: true),
                    PendingProtectedPrivateKey = table.Column<string>(type: "text", nullable: true),
                    PendingKeyFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PendingKeyUploadedAt = table.Column<long>(type: "bigint", nullable: true),
                    PendingKeyUploadedBy = table.Column<string>(type: "text", nullable: true),
                    NotificationUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecurringMonthlyCeiling = table.Column<long>(type: "bigint", nullable: false),
                    LastConnectionTestAt = table.Column<long>(type: "bigint", nullable: true),
                    LastConnectionTestPassed = table.Column<bool>(type: "boolean", nullable: true),
                    ButtonPresetsJson = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "ShopMembers",
                columns: table => new
                {
                    ShopId = table.Column<string>(type: "character varying(13)", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    IsDisabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShopMembers", x => new { x.ShopId, x.UserId });
                    table.ForeignKey(
                        name: "FK_ShopMembers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ShopMembers_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GatewayPermissionCharges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PermissionId = table.Column<long>(type: "bigint", nullable: false),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    AmountBefore = table.Column<long>(type: "bigint", nullable: false),
                    TaxBefore = table.Column<long>(type: "bigint", nullable: false),
                    AmountAfter = table.Column<long>(type: "bigint", nullable: false),
                    TaxAfter = table.Column<long>(type: "bigint", nullable: false),
                    ChargeIdBefore = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ChargeIdAfter = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TransactionId = table.Column<long>(type: "bigint", nullable: false),
                    AmazonRefundId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Tax = table.Column<long>(type: "bigint", nullable: false),
                    IsFullCancel = table.Column<bool>(type: "boolean", nullable: false),
                    StateBefore = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FailureReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RequestedAt = table.Column<long>(type: "bigint", nullable: false),
                    SettledAt = table.Column<long>(type: "bigint", nullable: true)
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
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ShopId_At",
                table: "AuditEntries",
                columns: new[] { "ShopId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_BulkCaptureItems_JobId",
                table: "BulkCaptureItems",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "IX_BulkCaptureItems_Status_LeaseUntil",
                table: "BulkCaptureItems",
                columns: new[] { "Status", "LeaseUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_BulkCaptureJobs_ShopId_CreatedAt",
                table: "BulkCaptureJobs",
                columns: new[] { "ShopId", "CreatedAt" });

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

            migrationBuilder.CreateIndex(
                name: "IX_ShopMembers_UserId",
                table: "ShopMembers",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "BulkCaptureItems");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

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

            migrationBuilder.DropTable(
                name: "ShopAmazonPaySettings");

            migrationBuilder.DropTable(
                name: "ShopMembers");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "BulkCaptureJobs");

            migrationBuilder.DropTable(
                name: "GatewayNotifications");

            migrationBuilder.DropTable(
                name: "GatewayPermissions");

            migrationBuilder.DropTable(
                name: "GatewayTransactions");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Shops");
        }
    }
}
