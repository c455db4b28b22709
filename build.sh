#!/usr/bin/env bash
# Exactly what CI runs once PostgreSQL and Chromium are available (.ci/run installs and starts them):
# build with warnings as errors, check formatting, run `dotnet test`, and print one summary line.
# Without SERIALTRACK_TEST_PG or Chromium the tests that need them are skipped, and say why.
set -uo pipefail
cd "$(dirname "$0")"
export NUGET_CERT_REVOCATION_MODE=offline DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build SerialTrack.slnx -c Debug -v quiet -nologo || { echo "0 passed, 1 failed"; exit 1; }
if ! dotnet format SerialTrack.slnx --verify-no-changes --no-restore -v quiet; then
  echo "dotnet format: the code is not formatted (run 'dotnet format SerialTrack.slnx')"
  echo "0 passed, 1 failed"
  exit 1
fi

results=$(mktemp -d)
dotnet test SerialTrack.slnx --no-build --logger trx --results-directory "$results"
rc=$?
# TRX: <Counters total=".." executed=".." passed=".." failed=".." error=".." timeout=".." aborted=".." .../>
read -r passed failed skipped < <(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | tr ' ' '\n' | awk -F'"' '
  /^total=/{t+=$2} /^executed=/{e+=$2} /^passed=/{p+=$2} /^(failed|error|timeout|aborted)=/{f+=$2}
  END{print p+0, f+0, t-e}')
# A crashed test host or a missing TRX file is a failure even when no test reported one.
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
