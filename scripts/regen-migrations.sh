#!/usr/bin/env bash
# Regenerates the initial migration of both providers from the current model.
# Only for the pre-release period while no database exists outside development; afterwards add
# migrations with `dotnet ef migrations add <Name> --context <Ctx> --output-dir ...` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
name="${1:-InitialCreate}"
for ctx in Postgres Sqlite; do
  dir="src/Market.Infrastructure/Persistence/Migrations/$ctx"
  rm -rf "$dir"
  dotnet ef migrations add "$name" \
    --project src/Market.Infrastructure \
    --startup-project src/Market.Infrastructure \
    --context "${ctx}MarketDbContext" \
    --output-dir "Persistence/Migrations/$ctx" \
    --namespace "Market.Infrastructure.Persistence.Migrations.$ctx"
done
