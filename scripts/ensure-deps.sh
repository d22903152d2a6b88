#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or older than package-lock.json,
# so `npm start` and `npm test` each work straight after a clone. With --harness (scripts/test.sh)
# also the browser harness's Grafana 13 shared libraries (browser/grafana13/, its own project and
# lock: React 19 cannot sit beside the React 18 the plugin is built and unit-tested with).
set -euo pipefail
cd "$(dirname "$0")/.."

install_if_stale() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "flowmeter: installing npm dependencies in $dir (npm ci)..." >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

install_if_stale .
if [ "${1:-}" = --harness ]; then install_if_stale browser/grafana13; fi
