#!/usr/bin/env bash
# The suites whose data is relative to "now" (days, "yesterday", the last N days, the latest hour),
# run again with the clock faked to hours where a day boundary in some zone is close: just after
# UTC midnight, early morning UTC (yesterday in Berlin vs UTC differ), noon, and late evening, in
# UTC and in zones far east and west. CI runs at whatever hour a session stops; this proves the
# suites do not depend on it. Needs libfaketime (Debian's faketime; scripts/ensure-system-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
suites='backend/test/(conformance/differential|presenters/|stack/|demo/|receivers/|readme/)'
for clock in '00:30:00|UTC' '04:00:00|UTC' '12:00:00|UTC' '23:30:00|UTC' '04:00:00|Pacific/Kiritimati' '23:30:00|America/Los_Angeles'; do
  time=${clock%|*} zone=${clock#*|}
  echo "== time-relative suites at $time UTC, TZ=$zone"
  TZ=$zone faketime -f "@$(date -u +%F) $time" npx jest --ci --silent --selectProjects backend --testPathPattern "$suites" "$@"
done
