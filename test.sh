#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian machine (Chromium for the
# end-to-end tests, PostgreSQL for the migration/portal tests, redis-server for the Redis event-stream tests), then runs
# every test project once.
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/redis-server ] || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing ${need[*]}; install them (sudo apt-get install -y ${need[*]}) and run again." >&2
    exit 1
  fi
  echo "test.sh: installing ${need[*]} from Debian's packages..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  # The Debian packages start no cluster or server we rely on: the tests run private ones of their own.
fi

# Benchmarks (Category=Benchmark) are outside the default run; each has a quick smoke test inside it. So is the
# per-role accessibility tour with screenshots (Category=Accessibility, several minutes); its Admin part, axe on every
# page and account page in light and dark, is inside (README, "Accessibility").
# Any arguments replace the default filter, e.g. ./test.sh --filter Category=Benchmark.
if [ $# -eq 0 ]; then
  set -- --filter "Category!=Benchmark&Category!=Accessibility"
fi

log=$(mktemp)
status=0
dotnet test Artha.Admin.sln "$@" 2>&1 | tee "$log" || status=$?

# One closing line over all test assemblies (dotnet test prints one summary per assembly).
awk '
  /^(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      gsub(",", "", $(i+1))
      if ($i == "Failed:") f += $(i+1)
      if ($i == "Passed:") p += $(i+1)
      if ($i == "Skipped:") s += $(i+1)
    }
    n++
  }
  END { printf "\nTest assemblies: %d\nTotal: %d passed, %d failed, %d skipped\n", n, p, f, s }
' "$log"
rm -f "$log"
exit $status
