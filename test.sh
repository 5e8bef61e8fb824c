#!/usr/bin/env bash
# Runs the whole suite: Core and component tests (BdrcConsole.Tests) on SQLite, the Core tests again on
# PostgreSQL (a throw-away server on loopback, scripts/throwaway-postgres.sh, removed at the end), then the
# browser journeys (BdrcConsole.E2E, Debian's Chromium at /usr/bin/chromium). Ends with one
# "N passed, N failed" line. The runs go one after the other: on a 2-core machine the journeys must not
# compete with hundreds of Core tests for the CPU.
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
status=0
dotnet build BdrcConsole.sln --configuration Release 2>&1 | tee "$log" | grep -E "error|Warn|Elapsed" || true
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "Build failed." >&2; cat "$log" | tail -50; rm -f "$log"; echo "Tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
: > "$log"

# PostgreSQL for the second pass of the Core tests (and the SQLite → PostgreSQL copy tests).
if pg_env=$(scripts/throwaway-postgres.sh start); then
  eval "$pg_env"
  trap 'scripts/throwaway-postgres.sh stop "$BDRC_PG_DIR"' EXIT
else
  echo "Cannot start PostgreSQL for the Core tests' second pass (install it: apt-get install postgresql)." >&2
  status=1
fi

run() {
  "$@" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
}

run dotnet test BdrcConsole.Tests --configuration Release --no-build --filter "Engine!=PostgreSql"
if [ -n "${BDRC_TEST_POSTGRES:-}" ]; then
  echo "Core tests on PostgreSQL:"
  BDRC_TEST_ENGINE=PostgreSql run dotnet test BdrcConsole.Tests --configuration Release --no-build \
    --filter "(FullyQualifiedName~BdrcConsole.Tests.Core&Engine!=Sqlite)|Engine=PostgreSql"
fi
run dotnet test BdrcConsole.E2E --configuration Release --no-build

# Sum the per-project summaries ("Passed!  - Failed: 0, Passed: 42, Skipped: 0, ...").
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
rm -f "$log"

if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  status=1
fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
