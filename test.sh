#!/usr/bin/env bash
# Runs every test (unit, integration, browser end-to-end). Installs Debian's Chromium and Chinese fonts first when
# missing: Playwright's own browser download does not work on the intranet. The audit tests tamper with a database
# file through the real sqlite3 tool: installed the same way when missing, and so is PostgreSQL (apt-get install postgresql).
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  echo "Installing Chromium and Noto CJK fonts (apt-get)…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "Installing sqlite3 (apt-get)…"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq sqlite3 >/dev/null
fi

# A throw-away PostgreSQL server (installed from Debian's packages when missing) for the PostgreSQL tests: the
# multi-node and LISTEN/NOTIFY tests in the main run, then the runtime, race, sweep and service tests again on it.
# No server, no test run: a PostgreSQL test must never pass by being skipped here.
# shellcheck source=.ci/postgres.sh
source .ci/postgres.sh
trap pg_stop EXIT
if ! pg_start; then
  echo "FAILED: the PostgreSQL test server could not start (see above)."
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet tool restore >/dev/null
mkdir -p TestResults
set +e
dotnet test Governance.sln --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory TestResults "$@" \
  2>&1 | tee TestResults/test-output.log
status=${PIPESTATUS[0]}

# The provider-neutral integration set again, on PostgreSQL (each test host gets a database of its own).
POSTGRES_SET="FullyQualifiedName~Workflows.Engine|FullyQualifiedName~Workflows.Deadlines|FullyQualifiedName~ColumnStalenessSweepTests"
POSTGRES_SET+="|FullyQualifiedName~Workflows.Audit.AuditLogTests|FullyQualifiedName~QuarterlyInspectionReminderTests"
POSTGRES_SET+="|FullyQualifiedName~CitizenMessageWorkflowTests|FullyQualifiedName~RectificationWorkflowTests|FullyQualifiedName~Workflows.Figures"
echo
echo "=== The integration set on PostgreSQL ==="
GOVERNANCE_TEST_PROVIDER=Postgres dotnet test Governance.Tests --no-build --filter "$POSTGRES_SET" \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=results-postgres.trx" --results-directory TestResults \
  2>&1 | tee TestResults/test-output-postgres.log
pg_status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] && status=$pg_status

# One closing line CI can read: "N passed, N failed, N skipped" (both runs).
count() { grep -E "^\s+$1: *[0-9]+" "$2" | tail -1 | grep -oE '[0-9]+' || echo 0; }
passed=0; failed=0; skipped=0
for log in TestResults/test-output.log TestResults/test-output-postgres.log; do
  passed=$((passed + $(count Passed "$log"))); failed=$((failed + $(count Failed "$log"))); skipped=$((skipped + $(count Skipped "$log")))
done
echo
echo "Screenshots of the main screens: TestResults/screenshots/"
if [ "$failed" != "0" ]; then
  echo "Failed tests:"
  for trx in TestResults/results.trx TestResults/results-postgres.trx; do
    [ -f "$trx" ] || continue
    grep -oE '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" \
      | grep -oE 'testName="[^"]*"' | sed -E "s/^testName=\"(.*)\"\$/  - \1$( [ "$trx" = TestResults/results-postgres.trx ] && echo ' (PostgreSQL)')/" || true
  done
  # Each failure's message and the top of its stack, so the tail of a CI log says why, not only what.
  echo
  echo "Why they failed (first lines of each):"
  for log in TestResults/test-output.log TestResults/test-output-postgres.log; do
    [ -f "$log" ] || continue
    awk '/^ +Failed [A-Za-z]/ { n = 1; print; next }
         n > 0 && /^ +(Passed|Failed|Skipped) [A-Za-z]|^\[xUnit/ { n = 0 }
         n > 0 && n <= 24 { print; n++ }' "$log" | cut -c1-300
  done
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
