#!/usr/bin/env bash
# The scale-out rig: a private PostgreSQL, the standalone Artha sandbox, two portal instances in Live mode on one
# database (LiveStatus:EventStream=Postgres, every other default left on), and nginx in front with sticky sessions
# (an affinity cookie) and WebSocket upgrade. The sandbox posts its webhooks to nginx, which hands them to either
# instance. Everything lives in one temp folder and stops with the script (Ctrl-C); nothing is installed or left behind.
#
#   scripts/scale-out.sh            start the rig and keep it running; prints the addresses
#   scripts/scale-out.sh --check    start it, run a quick self-test through nginx, stop it (exit 0 = all passed)
#   options: --port N (nginx, default 8080), --keep (leave the temp folder for a look at the logs)
#
# Needs: the .NET SDK, PostgreSQL (initdb/pg_ctl), nginx, curl. On Debian: apt-get install -y postgresql nginx curl.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

check=0 keep=0 nginx_port=8080
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --keep) keep=1 ;;
    --port) nginx_port="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "scale-out.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '[rig] %s\n' "$*"; }
fail() { printf '[rig] FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
pass() { printf '[rig] PASS: %s\n' "$*"; }
failures=0

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
missing=()
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || missing+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v dotnet >/dev/null 2>&1 || missing+=(dotnet-sdk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "scale-out.sh: missing ${missing[*]}. On Debian: apt-get install -y ${missing[*]/dotnet-sdk/} (and the .NET 10 SDK)." >&2
  exit 1
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

# A port nobody listens on right now (a later bind may race with another program; unlikely on a dev machine).
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

rig=$(mktemp -d /tmp/artha-rig.XXXXXX)
# The postgres system user (when run as root) must reach its cluster folder inside.
chmod 0755 "$rig"
pids=()
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres system user.
  as_postgres=(runuser -u postgres --)
fi

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  say "stopping..."
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -f "$rig/pg/PG_VERSION" ]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$rig/pg" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ $keep -eq 1 ]; then
    say "logs kept in $rig"
  else
    rm -rf "$rig"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_port=$(free_port)
sandbox_port=$(free_port)
port_a=$(free_port)
port_b=$(free_port)
nginx_url="http://127.0.0.1:$nginx_port"
if (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null; then
  echo "scale-out.sh: port $nginx_port is taken; choose another with --port." >&2
  exit 1
fi

say "building the portal and the sandbox..."
dotnet build Artha.Admin/Artha.Admin.csproj -v q -nologo >"$rig/build.log" 2>&1 || { cat "$rig/build.log" >&2; exit 1; }
admin_dll="$root/Artha.Admin/bin/Debug/net10.0/Artha.Admin.dll"
sandbox_dll="$root/Artha.Sandbox/bin/Debug/net10.0/Artha.Sandbox.dll"

say "private PostgreSQL on 127.0.0.1:$pg_port"
mkdir -p "$rig/pg"
[ ${#as_postgres[@]} -eq 0 ] || chown postgres:postgres "$rig/pg"
"${as_postgres[@]}" "$pg_bin/initdb" -D "$rig/pg" -U postgres --auth=trust --encoding=UTF8 --no-sync >"$rig/initdb.log" 2>&1
"${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$rig/pg" -w -t 60 -l "$rig/pg/server.log" \
  -o "-p $pg_port -k $rig/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE artha" >/dev/null
connection="Host=127.0.0.1;Port=$pg_port;Database=artha;Username=postgres"

api_key=ak_test_sandbox
secret=sk_test_sandbox_secret

say "standalone Artha sandbox on 127.0.0.1:$sandbox_port (webhooks to $nginx_url/webhooks/artha)"
Sandbox__ApiKey=$api_key Sandbox__Secret=$secret Sandbox__WebhookUrl="$nginx_url/webhooks/artha" \
  Logging__LogLevel__Default=Warning \
  dotnet "$sandbox_dll" --urls "http://127.0.0.1:$sandbox_port" >"$rig/sandbox.log" 2>&1 &
pids+=($!)

start_portal() {
  local name=$1 port=$2
  # Development: the rig runs from the build output (static assets from the project) and seeds the development users.
  # Each instance has its own data folder: the cookie key ring is shared through the database, not a folder.
  # Each names itself on its Artha calls (X-Portal-Instance = rig-a / rig-b, also its work-lease owner), so the sandbox's
  # request log (GET /_sandbox/requests?path=...) shows which instance asked what.
  mkdir -p "$rig/data-$name"
  ASPNETCORE_ENVIRONMENT=Development \
  Artha__Mode=Live Artha__BaseUrl="http://127.0.0.1:$sandbox_port/" Artha__ApiKey=$api_key Artha__Secret=$secret \
  Artha__WebhookSecret=$secret Artha__WebhookApiKey=$api_key Artha__SendInstanceHeader=true WorkLeases__InstanceId="rig-$name" \
  Database__Provider=Postgres Database__ConnectionString="$connection" Database__DataFolder="$rig/data-$name" \
  LiveStatus__EventStream=Postgres \
  Security__KnownProxies__0=127.0.0.1 \
  Logging__LogLevel__Default=Warning \
    dotnet "$admin_dll" --contentRoot "$root/Artha.Admin" --urls "http://127.0.0.1:$port" >"$rig/portal-$name.log" 2>&1 &
  pids+=($!)
}

wait_for() {
  local what=$1 url=$2 seconds=${3:-90}
  local until=$((SECONDS + seconds))
  until curl -fs -o /dev/null --max-time 2 "$url"; do
    if [ $SECONDS -ge $until ]; then
      echo "scale-out.sh: $what did not answer $url within $seconds s; its log:" >&2
      tail -n 40 "$rig/$4" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}

wait_for "the sandbox" "http://127.0.0.1:$sandbox_port/_sandbox/merchant-balance" 60 sandbox.log
# One after the other: A applies the migrations and seeds the staff, B finds them done.
say "portal instance A on 127.0.0.1:$port_a"
start_portal a "$port_a"
wait_for "instance A" "http://127.0.0.1:$port_a/health" 120 portal-a.log
say "portal instance B on 127.0.0.1:$port_b"
start_portal b "$port_b"
wait_for "instance B" "http://127.0.0.1:$port_b/health" 120 portal-b.log

say "nginx on $nginx_url (sticky by the artha_affinity cookie, WebSocket upgrade)"
mkdir -p "$rig/nginx/tmp"
chmod 0777 "$rig/nginx/tmp"
cat >"$rig/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
error_log $rig/nginx/error.log warn;
pid $rig/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log $rig/nginx/access.log;
  client_body_temp_path $rig/nginx/tmp/body;
  proxy_temp_path $rig/nginx/tmp/proxy;
  fastcgi_temp_path $rig/nginx/tmp/fastcgi;
  uwsgi_temp_path $rig/nginx/tmp/uwsgi;
  scgi_temp_path $rig/nginx/tmp/scgi;

  # WebSockets: pass the upgrade through (Blazor circuits and the live-status hub).
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  # Sticky sessions: a browser without the affinity cookie gets one (this request's id) and keeps its instance while
  # it stays up; a Blazor circuit lives in one process, so its reconnects must land there.
  map \$cookie_artha_affinity \$affinity { '' \$request_id; default \$cookie_artha_affinity; }
  map \$cookie_artha_affinity \$affinity_cookie { '' "artha_affinity=\$request_id; Path=/; HttpOnly; SameSite=Lax"; default ''; }

  upstream artha_portal {
    hash \$affinity consistent;
    server 127.0.0.1:$port_a max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$port_b max_fails=1 fail_timeout=5s;
  }

  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://artha_portal;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_read_timeout 1h;
      proxy_buffering off;
      add_header Set-Cookie \$affinity_cookie always;
      # Which instance answered: for the rig's self-test and for people watching; drop it in production.
      add_header X-Artha-Instance \$upstream_addr always;
    }
  }
}
EOF
"$nginx_bin" -t -p "$rig/nginx" -c "$rig/nginx/nginx.conf" >"$rig/nginx/test.log" 2>&1 || { cat "$rig/nginx/test.log" >&2; exit 1; }
"$nginx_bin" -p "$rig/nginx" -c "$rig/nginx/nginx.conf" >"$rig/nginx/stdout.log" 2>&1 &
pids+=($!)
wait_for "nginx" "$nginx_url/health" 30 nginx/error.log

say "up: $nginx_url (instances http://127.0.0.1:$port_a and http://127.0.0.1:$port_b, sandbox http://127.0.0.1:$sandbox_port, PostgreSQL 127.0.0.1:$pg_port)"
say "sign in as e.g. operations@artha.local / Operations!Dev2026; logs in $rig"
say "who polled what: curl 'http://127.0.0.1:$sandbox_port/_sandbox/requests?path=/api/v1/topupstatus/'"

if [ $check -eq 0 ]; then
  say "press Ctrl-C to stop"
  while true; do
    sleep 3600 &
    wait $! || true
  done
fi

# ------------------------------------------------------------------------------------------------------ self-test
jar="$rig/cookies.txt"
header() { grep -i "^$1:" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

for instance in "$port_a" "$port_b"; do
  body=$(curl -fsS "http://127.0.0.1:$instance/health")
  if echo "$body" | grep -q '"database":{"status":"Healthy"' && echo "$body" | grep -q '"artha":{"status":"Healthy"' \
     && echo "$body" | grep -q '"poller":{"status":"Healthy"'; then
    pass "instance :$instance /health reports database, Artha and poller healthy"
  else
    fail "instance :$instance /health: $body"
  fi
done

first=$(curl -sS -c "$jar" -b "$jar" -D - -o /dev/null "$nginx_url/Account/Login" | header X-Artha-Instance)
same=1
for _ in 1 2 3 4; do
  next=$(curl -sS -c "$jar" -b "$jar" -D - -o /dev/null "$nginx_url/Account/Login" | header X-Artha-Instance)
  [ "$next" = "$first" ] || same=0
done
if [ -n "$first" ] && [ $same -eq 1 ] && grep -q artha_affinity "$jar"; then
  pass "sticky: five requests with one affinity cookie all reached $first"
else
  fail "sticky sessions: first $first, a later one $next"
fi
spread=""
for _ in $(seq 1 12); do
  spread+="$(curl -sS -D - -o /dev/null "$nginx_url/Account/Login" | header X-Artha-Instance)"$'\n'
done
if [ "$(echo "$spread" | sort -u | grep -c .)" -eq 2 ]; then
  pass "new browsers (no cookie) are spread over both instances"
else
  fail "new browsers all reached one instance: $(echo "$spread" | sort -u | tr '\n' ' ')"
fi

form=$(curl -sS -c "$jar" -b "$jar" "$nginx_url/Account/Login")
token=$(echo "$form" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
status=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' "$nginx_url/Account/Login" \
  --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=login" \
  --data-urlencode "Input.Email=operations@artha.local" --data-urlencode "Input.Password=Operations!Dev2026")
if [ "$status" = "302" ]; then
  pass "signed in as Operations through nginx"
else
  fail "sign-in through nginx answered HTTP $status"
fi
# The same cookie straight at each instance: both accept it (one key ring for both, in the database; no shared folder).
for instance in "$port_a" "$port_b"; do
  status=$(curl -sS -b "$jar" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$instance/")
  if [ "$status" = "200" ]; then pass "instance :$instance accepts the sign-in cookie"; else fail "instance :$instance answered HTTP $status to the signed-in cookie"; fi
done

negotiate=$(curl -sS -b "$jar" -X POST -H 'Content-Length: 0' "$nginx_url/hubs/live-status/negotiate?negotiateVersion=1")
connection_token=$(echo "$negotiate" | grep -o '"connectionToken":"[^"]*"' | sed 's/.*:"//; s/"$//')
if [ -n "$connection_token" ]; then
  upgrade=$(curl -sS -i -N --max-time 3 -b "$jar" -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' \
    -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' "$nginx_url/hubs/live-status?id=$connection_token" 2>/dev/null | head -1 | tr -d '\r' || true)
  if echo "$upgrade" | grep -q ' 101'; then
    pass "the live-status hub upgrades to a WebSocket through nginx ($upgrade)"
  else
    fail "WebSocket upgrade through nginx: '$upgrade'"
  fi
else
  fail "hub negotiate through nginx: $negotiate"
fi
status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$nginx_url/hubs/live-status/negotiate?negotiateVersion=1" -H 'Content-Length: 0')
if [ "$status" = "401" ]; then pass "the hub refuses a client without a cookie (HTTP 401)"; else fail "the hub answered HTTP $status without a cookie"; fi

status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' "$nginx_url/webhooks/artha")
if [ "$status" = "401" ]; then
  pass "webhooks reach the portal through nginx (an unsigned delivery is refused with 401)"
else
  fail "POST $nginx_url/webhooks/artha answered HTTP $status"
fi

if [ $failures -eq 0 ]; then
  say "self-test passed"
  exit 0
fi
say "self-test: $failures failed (logs: --keep)"
exit 1
