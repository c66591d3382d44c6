#!/usr/bin/env bash
# N deploys and N application rollbacks through ./build.sh under a fixed load of three clients (GET /health on a fresh
# connection each time, GET and POST /api/orders on kept-alive ones), against the same app restarted the way the
# replaced deploy.sh did it (stop the old process, then start the new one) 2N times under the same load, in one run:
# requests, refused connections, 5xx, timeouts, other failures, orders acknowledged and present in the database, and
# the longest gap between two answers, with ratios. ROUNDS=N (default 3); VERSIONS="<a> <b>" uses two versions already
# in artifacts/ instead of building two. Needs jq, curl and python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${ROUNDS:-3}"
run="$(date +%Y%m%d%H%M%S)"
read -r a b <<<"${VERSIONS:-bench.$run-a bench.$run-b}"
env="benchload$run"
work="$(mktemp -d /tmp/deploy-load-bench-XXXXXX)"
srv=".pipeline/servers/$env"
load_pid=""
baseline_pid=""

stop_pid_file() { [[ -f "$1" ]] && kill "$(cat "$1")" 2>/dev/null || true; }
cleanup() {
  [[ -n "$load_pid" ]] && kill "$load_pid" 2>/dev/null || true
  [[ -n "$baseline_pid" ]] && kill "$baseline_pid" 2>/dev/null || true
  stop_pid_file "$srv/shared/frontdoor.pid"
  stop_pid_file "$srv/shared/app.pid"
  rm -rf "config/environments/$env.json" ".pipeline/state/$env" "$srv" "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
quietly() { "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; }
wait_healthy() { for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0; sleep 0.05; done; echo "the app did not answer on $port" >&2; exit 1; }
start_load() { python3 bench/deploy-under-load/load.py "127.0.0.1:$port" "$1" & load_pid=$!; sleep 1; }
stop_load() { sleep 1; kill "$load_pid"; wait "$load_pid"; load_pid=""; }

port=$(free_port)
jq --arg name "$env" --argjson port "$port" \
  '.name = $name | .server.port = $port | .server.baseUrl = ("http://127.0.0.1:" + ($port | tostring))
   | .deployment.stateStore.path = (".pipeline/state/" + $name) | .deployment.targets[0].path = (".pipeline/servers/" + $name)' \
  config/environments/development.json >"config/environments/$env.json"

if [[ -z "${VERSIONS:-}" ]]; then
  quietly ./build.sh --target=Build --exclusive --env=development --app-version="$a"
  quietly ./build.sh --target=Build --exclusive --env=development --app-version="$b"
fi
quietly ./build.sh --target=Deploy --exclusive --env="$env" --app-version="$a"

# 1. Through the front door: deploy b, roll back to a, N times.
start_load "$work/front-door.json"
start=$(date +%s%N)
# A deploy or rollback that fails is counted and named, and the run goes on.
failed_changes=0
change() {
  if ! "$@" >"$work/last.log" 2>&1; then
    failed_changes=$((failed_changes + 1))
    echo "failed: ${*:2}: $(grep -m1 '^Error' "$work/last.log" | sed 's/\x1b\[[0-9;]*m//g')" >&2
  fi
}
for _ in $(seq 1 "$rounds"); do
  change ./build.sh --target=Deploy --exclusive --env="$env" --app-version="$b"
  change ./build.sh --target=Rollback --env="$env" --component=application
done
front_door_seconds=$(echo "scale=1; ($(date +%s%N) - $start) / 1000000000" | bc)
stop_load

# 2. The same releases and database, the app on the same port with no front door, restarted by stop-then-start.
kill "$(cat "$srv/shared/frontdoor.pid")"
kill "$(cat "$srv/shared/app.pid")"
sleep 1
start_app() {
  (cd "$srv/releases/$1" && TRADING_DATA_DIR="$PWD/../../shared/data" exec dotnet Trading.App.dll --urls "http://127.0.0.1:$port" >>"$work/baseline.log" 2>&1 </dev/null) &
  baseline_pid=$!
  wait_healthy
}
start_app "$a"
start_load "$work/stop-start.json"
start=$(date +%s%N)
for i in $(seq 1 $((2 * rounds))); do
  kill -TERM "$baseline_pid"
  wait "$baseline_pid" 2>/dev/null || true
  if ((i % 2)); then start_app "$b"; else start_app "$a"; fi
done
stop_start_seconds=$(echo "scale=1; ($(date +%s%N) - $start) / 1000000000" | bc)
stop_load

database="$srv/shared/data/trading.db"
echo "deploys and rollbacks that failed: $failed_changes of $((2 * rounds))"
python3 - "$work/front-door.json" "$work/stop-start.json" "$database" "$rounds" "$front_door_seconds" "$stop_start_seconds" <<'PY'
import json, sqlite3, sys
front, plain, database, rounds = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3], int(sys.argv[4])
ids = {row[0] for row in sqlite3.connect(f"file:{database}?mode=ro", uri=True).execute("SELECT id FROM orders")}
rows = [("requests", "requests"), ("refused connections", "refused"), ("5xx answers", "5xx"), ("timeouts", "timeouts"), ("other failures", "other")]
print(f"{rounds} deploys + {rounds} rollbacks through the front door ({sys.argv[5]} s) against {2 * rounds} stop-then-start restarts ({sys.argv[6]} s), 3 clients")
print(f"{'':32} {'front door':>12} {'stop-start':>12}")
for label, key in rows:
    print(f"{label:32} {front[key]:>12} {plain[key]:>12}")
print(f"{'orders acknowledged':32} {len(front['acknowledged']):>12} {len(plain['acknowledged']):>12}")
present = lambda d: sum(1 for i in d["acknowledged"] if i in ids)
print(f"{'acknowledged and in the database':32} {present(front):>12} {present(plain):>12}")
print(f"{'longest gap between answers, ms':32} {front['longest_gap_ms']:>12} {plain['longest_gap_ms']:>12}")
failed = lambda d: d["refused"] + d["5xx"] + d["timeouts"] + d["other"]
ratio = lambda x, y: "n/a" if y == 0 else f"{x / y:.3f}"
print(f"failed requests, front door / stop-start: {failed(front)} / {failed(plain)} = {ratio(failed(front), failed(plain))}")
print(f"longest gap, front door / stop-start: {ratio(front['longest_gap_ms'], plain['longest_gap_ms'])}")
PY
