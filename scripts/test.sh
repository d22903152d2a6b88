#!/usr/bin/env bash
# The whole test suite, from a fresh clone: dependencies, typechecks, lint, builds, then every
# jest test (backend against a real influxd and the embedded store; the Grafana plugin against
# the real service, and in headless chromium from its built dist/module.js).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
bash scripts/ensure-deps.sh
echo "== typecheck (service)"
npx tsc --noEmit -p tsconfig.json
echo "== typecheck (plugin)"
npx tsc -p tsconfig.plugin.json
echo "== lint"
npm run --silent lint
echo "== build (service)"
npm run --silent build:backend
echo "== build (plugin: frontend, and the backend executables)"
npm run --silent build
echo "== package (plugin)"
npm run --silent package
echo "== build (browser harness: shared libraries for dist/module.js)"
npm run --silent build:harness
echo "== tests"
npx jest --ci "$@"
