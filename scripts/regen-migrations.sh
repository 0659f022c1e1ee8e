#!/usr/bin/env bash
# Regenerates the initial migration of both providers from the current model.
# Only for the pre-release period while no database exists outside development; afterwards add
# migrations with `dotnet ef migrations add <Name> --context <Ctx> --output-dir ...` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
name="${1:-InitialCreate}"
root="src/Market.Infrastructure/Persistence/Migrations"
rm -rf "$root/Postgres" "$root/Sqlite"
# Build first so no stale model snapshot survives in the compiled assembly.
dotnet build src/Market.Infrastructure -nologo -v q >/dev/null
for ctx in Postgres Sqlite; do
  dotnet ef migrations add "$name" \
    --project src/Market.Infrastructure \
    --startup-project src/Market.Infrastructure \
    --context "${ctx}MarketDbContext" \
    --output-dir "Persistence/Migrations/$ctx"
  dotnet build src/Market.Infrastructure -nologo -v q >/dev/null
done
grep -c "CreateTable" "$root/Postgres/"*_"$name".cs "$root/Sqlite/"*_"$name".cs
