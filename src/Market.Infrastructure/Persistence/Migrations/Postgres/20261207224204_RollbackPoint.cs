using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RollbackPoint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "chart_file_name",
                table: "app_tasks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "chart_package_id",
                table: "app_tasks",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "chart_sha256",
                table: "app_tasks",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rollback_chart_file_name",
                table: "app_tasks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "rollback_chart_package_id",
                table: "app_tasks",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rollback_chart_sha256",
                table: "app_tasks",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rollback_envs",
                table: "app_tasks",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rollback_sealed_envs",
                table: "app_tasks",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sealed_envs",
                table: "app_tasks",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "chart_file_name",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "chart_package_id",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "chart_sha256",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "rollback_chart_file_name",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "rollback_chart_package_id",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "rollback_chart_sha256",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "rollback_envs",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "rollback_sealed_envs",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "sealed_envs",
                table: "app_tasks");
        }
    }
}
