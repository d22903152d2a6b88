#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or older than package-lock.json,
# so `npm start` and `npm test` each work straight after a clone.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "flowmeter: installing npm dependencies (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
