using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UpgradeHealthAndDeliveryLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "lease_owner",
                table: "notification_outbox",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "lease_until",
                table: "notification_outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "health_deadline",
                table: "app_tasks",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "lease_owner",
                table: "notification_outbox");

            migrationBuilder.DropColumn(
                name: "lease_until",
                table: "notification_outbox");

            migrationBuilder.DropColumn(
                name: "health_deadline",
                table: "app_tasks");
        }
    }
}
