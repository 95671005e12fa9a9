#!/usr/bin/env bash
# Runs every test (unit, integration, browser end-to-end). Installs Debian's Chromium and Chinese fonts first when
# missing: Playwright's own browser download does not work on the intranet. The audit tests tamper with a database
# file through the real sqlite3 tool: installed the same way when missing.
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

dotnet tool restore >/dev/null
mkdir -p TestResults
set +e
dotnet test Governance.sln --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory TestResults "$@" \
  2>&1 | tee TestResults/test-output.log
status=${PIPESTATUS[0]}
set -e

# One closing line CI can read: "N passed, N failed, N skipped".
log=TestResults/test-output.log
passed=$(grep -E '^\s+Passed: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
failed=$(grep -E '^\s+Failed: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
skipped=$(grep -E '^\s+Skipped: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
echo
echo "Screenshots of the main screens: TestResults/screenshots/"
if [ "${failed:-0}" != "0" ] && [ -f TestResults/results.trx ]; then
  echo "Failed tests:"
  grep -oE '<UnitTestResult [^>]*outcome="Failed"[^>]*>' TestResults/results.trx \
    | grep -oE 'testName="[^"]*"' | sed -E 's/^testName="(.*)"$/  - \1/' || true
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
