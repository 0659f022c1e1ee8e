using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AppTaskPriorStateAndCancelTarget : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "cancels_task_id",
                table: "app_tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "prior_state",
                table: "app_tasks",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            // Both facts used to travel inside the stored request: tasks in flight across the upgrade keep them.
            migrationBuilder.Sql("UPDATE app_tasks SET prior_state = COALESCE(json_extract(request, '$.prior_state'), ''), cancels_task_id = json_extract(request, '$.target_task_id') WHERE json_valid(request);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "cancels_task_id",
                table: "app_tasks");

            migrationBuilder.DropColumn(
                name: "prior_state",
                table: "app_tasks");
        }
    }
}
