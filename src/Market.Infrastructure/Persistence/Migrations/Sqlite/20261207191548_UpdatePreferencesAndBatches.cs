using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UpdatePreferencesAndBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "update_batches",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    items = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_update_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "update_preferences",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    app_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    held = table.Column<bool>(type: "INTEGER", nullable: false),
                    skipped_version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_update_preferences", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_update_batches_user_id_created_at",
                table: "update_batches",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_update_batches_user_key",
                table: "update_batches",
                columns: new[] { "user_id", "idempotency_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_update_preferences_user_app",
                table: "update_preferences",
                columns: new[] { "user_id", "app_name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "update_batches");

            migrationBuilder.DropTable(
                name: "update_preferences");
        }
    }
}
