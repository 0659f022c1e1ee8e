using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Postgres
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "prior_state",
                table: "app_tasks",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            // Both facts used to travel inside the stored request: tasks in flight across the upgrade keep them.
            migrationBuilder.Sql("UPDATE app_tasks SET prior_state = COALESCE(request::jsonb ->> 'prior_state', ''), cancels_task_id = request::jsonb ->> 'target_task_id';");
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
