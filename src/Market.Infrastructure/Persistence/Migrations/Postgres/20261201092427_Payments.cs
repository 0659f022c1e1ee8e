using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Payments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payment_keys",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_keys", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "purchases",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    app_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    app_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    product_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    developer_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    developer_did = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    developer_rsa_key = table.Column<string>(type: "text", nullable: false),
                    payment_need = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    developer_sync = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    larepass_sync = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    signature_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    payment_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    jws = table.Column<string>(type: "text", nullable: true),
                    sign_body = table.Column<string>(type: "text", nullable: true),
                    vc = table.Column<string>(type: "text", nullable: true),
                    tx_hash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    forwarded_host = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    frontend_data = table.Column<string>(type: "jsonb", nullable: true),
                    restoring = table.Column<bool>(type: "boolean", nullable: false),
                    poll_attempts_left = table.Column<int>(type: "integer", nullable: false),
                    poll_due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    poll_lease_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    poll_lease_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    row_version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_purchases", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_purchases_poll_attempts_left_poll_due_at",
                table: "purchases",
                columns: new[] { "poll_attempts_left", "poll_due_at" });

            migrationBuilder.CreateIndex(
                name: "IX_purchases_user_id_app_id_product_id",
                table: "purchases",
                columns: new[] { "user_id", "app_id", "product_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_purchases_user_id_product_id",
                table: "purchases",
                columns: new[] { "user_id", "product_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payment_keys");

            migrationBuilder.DropTable(
                name: "purchases");
        }
    }
}
