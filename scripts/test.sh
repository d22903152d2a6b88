#!/usr/bin/env bash
# The whole test suite, from a fresh clone: dependencies, typechecks, lint, builds, then every
# jest test (backend against a real influxd and the embedded store; the Grafana plugin against
# the real service, and in headless chromium from its built dist/module.js).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
bash scripts/ensure-deps.sh --harness
echo "== typecheck (service)"
npm run --silent typecheck:backend
echo "== typecheck (plugin)"
npm run --silent typecheck
echo "== lint"
npm run --silent lint
echo "== build (service)"
npm run --silent build:backend
echo "== build (plugin: frontend, and the backend executables)"
npm run --silent build
npm run --silent build:plugin-backend
echo "== package (plugin)"
npm run --silent package
echo "== build (browser harness: Grafana 12 and 13 shared libraries for dist/module.js)"
npm run --silent build:harness
echo "== tests"
npx jest --ci "$@"
# The whole run (no jest arguments) also proves the time-relative suites pass at any hour.
if [ $# -eq 0 ]; then bash scripts/test-clock.sh; fi
