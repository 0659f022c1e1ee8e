using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SourceHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "display_name",
                table: "source_snapshots",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "held_back",
                table: "source_snapshots",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "icon",
                table: "source_snapshots",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "last_error_kind",
                table: "source_snapshots",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "last_full_fetch_at",
                table: "source_snapshots",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "short_label",
                table: "source_snapshots",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "display_name",
                table: "market_sources",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "icon",
                table: "market_sources",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "short_label",
                table: "market_sources",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "display_name",
                table: "source_snapshots");

            migrationBuilder.DropColumn(
                name: "held_back",
                table: "source_snapshots");

            migrationBuilder.DropColumn(
                name: "icon",
                table: "source_snapshots");

            migrationBuilder.DropColumn(
                name: "last_error_kind",
                table: "source_snapshots");

            migrationBuilder.DropColumn(
                name: "last_full_fetch_at",
                table: "source_snapshots");

            migrationBuilder.DropColumn(
                name: "short_label",
                table: "source_snapshots");

            migrationBuilder.DropColumn(
                name: "display_name",
                table: "market_sources");

            migrationBuilder.DropColumn(
                name: "icon",
                table: "market_sources");

            migrationBuilder.DropColumn(
                name: "short_label",
                table: "market_sources");
        }
    }
}
