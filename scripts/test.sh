#!/usr/bin/env bash
# The whole test suite, from a fresh clone: dependencies, typecheck, then every jest test
# against a real influxd and the real embedded store.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
bash scripts/ensure-deps.sh
echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
echo "== build"
npm run --silent build:backend
echo "== tests"
npx jest --ci "$@"
