using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PreinstallDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "preinstall_decisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    declaration = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    app_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    account = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    task_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_preinstall_decisions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_preinstall_decisions_declaration_app_name_account",
                table: "preinstall_decisions",
                columns: new[] { "declaration", "app_name", "account" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "preinstall_decisions");
        }
    }
}
