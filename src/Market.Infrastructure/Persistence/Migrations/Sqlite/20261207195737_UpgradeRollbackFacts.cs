using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UpgradeRollbackFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "previous_source_id",
                table: "app_tasks",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "previous_version",
                table: "app_tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "rolls_back_task_id",
                table: "app_tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "previous_source_id",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "previous_version",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "rolls_back_task_id",
                table: "app_tasks");
        }
    }
}
