#!/usr/bin/env bash
# Zips the built plugin (dist/) as Grafana expects it: one folder named after the plugin id.
set -euo pipefail
cd "$(dirname "$0")/.."
id=$(node -p "require('./src/plugin.json').id")
version=$(node -p "require('./package.json').version")
[ -f dist/module.js ] || { echo "flowmeter: run npm run build first" >&2; exit 1; }
exe=$(node -p "require('./src/plugin.json').executable")
[ -x "dist/${exe}_linux_amd64" ] || { echo "flowmeter: run npm run build:plugin-backend first (the plugin's backend executables)" >&2; exit 1; }
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -r dist "$staging/$id"
rm -f "$id-$version.zip"
(cd "$staging" && zip -qr - "$id") > "$id-$version.zip"
echo "$id-$version.zip"
