#!/usr/bin/env bash
# Runs the whole suite: Core and component tests (BdrcConsole.Tests) and the browser journeys
# (BdrcConsole.E2E, Debian's Chromium at /usr/bin/chromium). Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
dotnet test BdrcConsole.sln --configuration Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

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
