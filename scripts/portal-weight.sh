#!/usr/bin/env bash
# Issue #10's weight numbers on a published Release build: publishes the portal (with the embedded sandbox), starts it
# on a free loopback port in Development (the development users sign in; a private data folder), and runs
# PortalWeightBenchmark against it: dashboard first load on the wire with a cold cache (target <= 300 KB) and resident
# memory per signed-in dashboard circuit at 40 circuits (target <= 1 MB). Prints the numbers; stops everything after.
#   scripts/portal-weight.sh            the full benchmark (40 circuits)
#   scripts/portal-weight.sh --smoke    three circuits
set -euo pipefail
cd "$(dirname "$0")/.."
filter="FullyQualifiedName~PortalWeightBenchmark&Category=Benchmark"
[ "${1:-}" = "--smoke" ] && filter="FullyQualifiedName~PortalWeightBenchmark.Smoke"

work=$(mktemp -d)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "[weight] publishing Artha.Admin (Release) to $work/app ..."
dotnet publish Artha.Admin -c Release -o "$work/app" -p:IncludeSandbox=true -v q -nologo >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log"; exit 1; }
# dotnet-gcdump (from the package feed) reads the portal's live managed heap before and after the circuits open.
dotnet tool install dotnet-gcdump --tool-path "$work/tools" -v q >/dev/null 2>&1 \
  && gcdump="$work/tools/dotnet-gcdump" || { gcdump=""; echo "[weight] dotnet-gcdump could not be installed: managed heap not measured"; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Development Database__DataFolder="$work/data" \
  exec dotnet Artha.Admin.dll --urls "http://127.0.0.1:$port" >"$work/portal.log" 2>&1) &
pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/portal.log"; echo "[weight] the portal did not start" >&2; exit 1; }
  sleep 0.5
done
# The portal process is the dotnet host started by the subshell's exec.
echo "[weight] portal (pid $pid) on http://127.0.0.1:$port; running the benchmark ..."
dotnet build Artha.Admin.E2E -v q -nologo >/dev/null
ARTHA_E2E_BASE_URL="http://127.0.0.1:$port/" ARTHA_E2E_SERVER_PID="$pid" ARTHA_E2E_GCDUMP="$gcdump" \
  dotnet test Artha.Admin.E2E --no-build --filter "$filter" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E "^(Dashboard first load|Memory per)|Passed!|Failed!|error" | sort -u
