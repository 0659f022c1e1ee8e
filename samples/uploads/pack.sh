#!/usr/bin/env bash
# Rebuilds the upload samples (pinboard-<version>.tgz) from src/: one top-level chart folder per archive, as Market expects.
set -euo pipefail
cd "$(dirname "$0")"
for dir in src/pinboard-*; do
  version="${dir#src/pinboard-}"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00Z' -C "$dir" -cf - pinboard | gzip -n > "pinboard-$version.tgz"
done
