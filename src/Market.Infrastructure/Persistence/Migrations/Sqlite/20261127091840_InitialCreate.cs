using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Market.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app_packages",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    owner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source_id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    app_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    storage_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    manifest = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_packages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "app_tasks",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    app_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    raw_app_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    source_id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    operation_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    request = table.Column<string>(type: "TEXT", nullable: false),
                    result = table.Column<string>(type: "TEXT", nullable: true),
                    backend_response = table.Column<string>(type: "TEXT", nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    lease_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_tasks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "history_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    time = table.Column<long>(type: "INTEGER", nullable: false),
                    app = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    account = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    extended = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_history_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "market_sources",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    base_url = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_built_in = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_market_sources", x => x.id);
                    table.CheckConstraint("ck_market_sources_type", "type in ('local','remote')");
                });

            migrationBuilder.CreateTable(
                name: "user_apps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source_id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    app_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    raw_app_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    app_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    icon = table.Column<string>(type: "TEXT", nullable: false),
                    installed_version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    op_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    progress = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    entrance_statuses = table.Column<string>(type: "TEXT", nullable: false),
                    state_time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    row_version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_apps", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_settings",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    selected_source = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    nsfw = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_settings", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "catalog_apps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    source_id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    owner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    app_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    labels = table.Column<string>(type: "TEXT", nullable: false),
                    entry = table.Column<string>(type: "TEXT", nullable: false),
                    summary_hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    price = table.Column<string>(type: "TEXT", nullable: true),
                    is_delisted = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_apps", x => x.id);
                    table.ForeignKey(
                        name: "FK_catalog_apps_market_sources_source_id",
                        column: x => x.source_id,
                        principalTable: "market_sources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "source_snapshots",
                columns: table => new
                {
                    source_id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    last_updated = table.Column<DateTime>(type: "TEXT", nullable: true),
                    others = table.Column<string>(type: "TEXT", nullable: false),
                    last_sync_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_success_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    app_count = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_source_snapshots", x => x.source_id);
                    table.ForeignKey(
                        name: "FK_source_snapshots_market_sources_source_id",
                        column: x => x.source_id,
                        principalTable: "market_sources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_app_packages_source_id_owner_name_version",
                table: "app_packages",
                columns: new[] { "source_id", "owner", "name", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_app_tasks_status_lease_until",
                table: "app_tasks",
                columns: new[] { "status", "lease_until" });

            migrationBuilder.CreateIndex(
                name: "IX_app_tasks_user_id_app_name_status",
                table: "app_tasks",
                columns: new[] { "user_id", "app_name", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_app_tasks_user_id_idempotency_key",
                table: "app_tasks",
                columns: new[] { "user_id", "idempotency_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_app_tasks_one_active_per_app",
                table: "app_tasks",
                columns: new[] { "user_id", "app_name" },
                unique: true,
                filter: "status IN ('pending', 'running') AND type <> 'cancel'");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_apps_source_id_name",
                table: "catalog_apps",
                columns: new[] { "source_id", "name" });

            migrationBuilder.CreateIndex(
                name: "IX_catalog_apps_source_id_owner_app_id",
                table: "catalog_apps",
                columns: new[] { "source_id", "owner", "app_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_history_records_account_time",
                table: "history_records",
                columns: new[] { "account", "time" });

            migrationBuilder.CreateIndex(
                name: "IX_history_records_app",
                table: "history_records",
                column: "app");

            migrationBuilder.CreateIndex(
                name: "IX_history_records_type",
                table: "history_records",
                column: "type");

            migrationBuilder.CreateIndex(
                name: "IX_user_apps_user_id_app_name",
                table: "user_apps",
                columns: new[] { "user_id", "app_name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_packages");

            migrationBuilder.DropTable(
                name: "app_tasks");

            migrationBuilder.DropTable(
                name: "catalog_apps");

            migrationBuilder.DropTable(
                name: "history_records");

            migrationBuilder.DropTable(
                name: "source_snapshots");

            migrationBuilder.DropTable(
                name: "user_apps");

            migrationBuilder.DropTable(
                name: "user_settings");

            migrationBuilder.DropTable(
                name: "market_sources");
        }
    }
}
