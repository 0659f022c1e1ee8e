using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UpdateAnnouncements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "update_announcements",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    app_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    announced_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_update_announcements", x => new { x.user_id, x.app_name, x.version });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "update_announcements");
        }
    }
}
