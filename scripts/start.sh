#!/usr/bin/env bash
# Runs the service; with no FLOWMETER_INFLUX_URL it uses the embedded store in ./data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent build:backend
# Runs with the node flags on its first line (backend/build.mjs).
exec backend/dist/server.js
