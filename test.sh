#!/usr/bin/env bash
# Runs the whole suite: Core and component tests (BdrcConsole.Tests), then the browser journeys
# (BdrcConsole.E2E, Debian's Chromium at /usr/bin/chromium). Ends with one "N passed, N failed" line.
# The two assemblies run one after the other: on a 2-core machine the journeys must not compete with
# hundreds of Core tests for the CPU.
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
status=0
dotnet build BdrcConsole.sln --configuration Release 2>&1 | tee "$log" | grep -E "error|Warn|Elapsed" || true
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "Build failed." >&2; cat "$log" | tail -50; rm -f "$log"; echo "Tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
: > "$log"
for project in BdrcConsole.Tests BdrcConsole.E2E; do
  dotnet test "$project" --configuration Release --no-build 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

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
