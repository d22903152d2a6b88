#!/usr/bin/env bash
# Brings what the tests need from Debian's packages when it is absent: influxd (InfluxDB 1.6.7),
# chromium (the plugin's browser test), zip (npm run package) and faketime (the suites at other hours).
set -euo pipefail
missing=()
command -v influxd >/dev/null 2>&1 || missing+=(influxdb)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v zip >/dev/null 2>&1 || missing+=(zip)
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "flowmeter: the tests need: ${missing[*]} (apt-get install -y ${missing[*]}); run as root or install them first" >&2
  exit 1
fi
SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
echo "flowmeter: installing ${missing[*]} from Debian's packages..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's package starts a system influxd on :8086; the tests start their own, so stop it.
if [ -n "$(pgrep -x influxd || true)" ] && command -v systemctl >/dev/null 2>&1; then $SUDO systemctl stop influxdb 2>/dev/null || true; fi
