#!/usr/bin/env bash
# The four strategies (allAtOnce, rolling, blueGreen, canary) behind a real haproxy, each under the same bounded load
# sent to haproxy (bench/deploy-under-load/load.py: GET /health, GET and POST /api/orders), in one run:
#   - a good version: requests, failed requests and the seconds to full rollout (./build.sh --target=Deploy, host start
#     included);
#   - a bad version (faults.orderErrorPercent 20: a fifth of order POSTs answer 500, /health stays green): when the
#     deploy noticed it (seconds from the deploy's start) and when all traffic was back on the good version; where the
#     deploy does not notice, an application rollback is run at once and its time added;
#   - blue/green: the rollback from command start to all traffic on the old colour (haproxy's switch line).
# Prints a table and writes an SVG chart (path printed). Two hosts: sshd on 127.0.0.71-72 (blue/green: two slots on
# each), one throw-away PostgreSQL 15 cluster. Run as root (sshd) on a machine with scripts/prerequisites.sh done.
# VERSIONS="<v1> <v2> <v3>" uses three versions already in artifacts/ instead of building them; the third one's
# artifact is rewritten as the bad version. STRATEGIES="blueGreen" (say) runs only those. ROLLBACKS (default 5): how
# many blue/green rollbacks are timed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
run="$(date +%Y%m%d%H%M%S)"
read -r v1 v2 v3 <<<"${VERSIONS:-bench.$run-a bench.$run-b bench.$run-c}"
work="$(mktemp -d /tmp/progressive-bench-XXXXXX)"
chmod 755 "$work"
out="${OUT:-/tmp/progressive-delivery-$run.svg}"
pg_bin=/usr/lib/postgresql/15/bin
read -r -a strategies <<<"${STRATEGIES:-allAtOnce rolling blueGreen canary}"
ROLLBACKS=${ROLLBACKS:-5}
envs=()
pids=()
load_pid=""

cleanup() {
  [[ -n "$load_pid" ]] && kill "$load_pid" 2>/dev/null || true
  for pid_file in "$work"/h*/*/*/shared/frontdoor.pid "$work"/h*/*/*/shared/app.pid "$work"/haproxy-*.pid; do
    [[ -f "$pid_file" ]] && kill "$(cat "$pid_file")" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  for name in "${envs[@]}"; do rm -rf "config/environments/$name.json" ".pipeline/state/$name"; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
quietly() { "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; }
# Each line with the seconds since the command started; the exit code is kept. Shell arithmetic only: a process
# started per line (bc) fell behind the output on a loaded machine and stamped lines late.
stamped() {
  local start=${EPOCHREALTIME/./} now
  "$@" 2>&1 | while IFS= read -r line; do
    now=$((${EPOCHREALTIME/./} - start))
    printf '%d.%03d %s\n' $((now / 1000000)) $((now / 1000 % 1000)) "$line"
  done
  return "${PIPESTATUS[0]}"
}
# The seconds of the first stamped line matching a pattern, or "-".
first_at() { grep -m1 -E "$2" "$1" | cut -d' ' -f1 || true; }
last_second() { tail -1 "$1" | cut -d' ' -f1; }
start_load() { python3 bench/deploy-under-load/load.py "127.0.0.1:$1" "$2" & load_pid=$!; sleep 1; }
stop_load() { sleep 1; kill "$load_pid"; wait "$load_pid" || true; load_pid=""; }
failed_of() { jq '.refused + .["5xx"] + .timeouts + .other' "$1"; }

# PostgreSQL: initdb refuses root, so the cluster belongs to the postgres user.
pg_port=$(free_port)
mkdir "$work/pg"
chown postgres "$work/pg"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres --no-sync >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null

mkdir -p /run/sshd
ssh_ports=()
for n in 1 2; do
  dir="$work/h$n"
  mkdir -p "$dir/home"
  ssh-keygen -q -t ed25519 -N "" -f "$dir/host_key"
  ssh-keygen -q -t ed25519 -N "" -f "$dir/user_key"
  cp "$dir/user_key.pub" "$dir/authorized_keys"
  port=$(free_port)
  ssh_ports+=("$port")
  cat >"$dir/sshd_config" <<CONFIG
ListenAddress 127.0.0.7$n:$port
HostKey $dir/host_key
AuthorizedKeysFile $dir/authorized_keys
PidFile $dir/sshd.pid
Subsystem sftp internal-sftp
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
SetEnv HOME=$dir/home
MaxStartups 100
LogLevel ERROR
CONFIG
  /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log" &
  pids+=("$!")
  printf -v "BENCH_PD_KEY_$n" '%s\n' "$(cat "$dir/user_key")"
  export "BENCH_PD_KEY_$n"
done
sleep 1

if [[ -z "${VERSIONS:-}" ]]; then
  for version in "$v1" "$v2" "$v3"; do
    quietly ./build.sh --target=Build --exclusive --env=development --app-version="$version"
  done
fi

# The bad version: v3 with a release setting that makes a fifth of order POSTs answer 500; its manifest follows.
bad="$work/bad"
mkdir -p "$bad/app"
tar -xzf "artifacts/$v3/trading-app-$v3.tar.gz" -C "$bad/app"
echo '{"Trading":{"faults":{"orderErrorPercent":20}}}' >"$bad/app/appsettings.release.json"
tar -czf "artifacts/$v3/trading-app-$v3.tar.gz" -C "$bad/app" .
sha=$(sha256sum "artifacts/$v3/trading-app-$v3.tar.gz" | cut -d' ' -f1)
bytes=$(stat -c %s "artifacts/$v3/trading-app-$v3.tar.gz")
file_sha=$(sha256sum "$bad/app/appsettings.release.json" | cut -d' ' -f1)
file_bytes=$(stat -c %s "$bad/app/appsettings.release.json")
jq --arg sha "$sha" --argjson bytes "$bytes" --arg fsha "$file_sha" --argjson fbytes "$file_bytes" \
  '.archive.sha256 = $sha | .archive.bytes = $bytes | .files += [{path: "appsettings.release.json", sha256: $fsha, bytes: $fbytes}]' \
  "artifacts/$v3/manifest.json" >"$bad/manifest.json"
cp "$bad/manifest.json" "artifacts/$v3/manifest.json"

ssh_target() { # name host-number path url
  jq -n --arg name "$1" --arg n "$2" --arg port "${ssh_ports[$(($2 - 1))]}" --arg key "$(cat "$work/h$2/host_key.pub")" \
    --arg path "$3" --arg url "$4" --arg user "$(id -un)" \
    '{name: $name, kind: "ssh", host: ("127.0.0.7" + $n), port: ($port | tonumber), user: $user,
      identity: ("env:BENCH_PD_KEY_" + $n), hostKey: $key, path: $path, url: $url}'
}

declare -A requests failed rollout bad_requests bad_failed detected recovered switch_seconds switch_ms
for strategy in "${strategies[@]}"; do
  name="benchpd${strategy,,}"
  envs+=("$name")
  runuser -u postgres -- "$pg_bin/createdb" -h "$work/pg" -p "$pg_port" -U postgres "$name"
  export "BENCH_PD_PG_${strategy^^}=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$name;Pooling=false"
  app_port=$(free_port)
  targets="[]"
  servers=()
  for n in 1 2; do
    if [[ $strategy == blueGreen ]]; then
      green_port=$(free_port)
      targets=$(jq --argjson t "$(ssh_target "app-$n-blue" "$n" "$work/h$n/$name/blue" "http://127.0.0.7$n:$app_port/")" '. + [$t]' <<<"$targets")
      targets=$(jq --argjson t "$(ssh_target "app-$n-green" "$n" "$work/h$n/$name/green" "http://127.0.0.7$n:$green_port/")" '. + [$t]' <<<"$targets")
      servers+=("app-$n-blue 127.0.0.7$n:$app_port" "app-$n-green 127.0.0.7$n:$green_port")
    else
      targets=$(jq --argjson t "$(ssh_target "app-$n" "$n" "$work/h$n/$name/srv" "http://127.0.0.7$n:$app_port/")" '. + [$t]' <<<"$targets")
      servers+=("app-$n 127.0.0.7$n:$app_port")
    fi
  done
  front=$(free_port)
  {
    printf 'global\n    stats socket %s level admin\n    maxconn 1000\n' "$work/haproxy-$name.sock"
    printf 'defaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\n'
    printf 'frontend web\n    bind 127.0.0.1:%s\n    default_backend trading\nbackend trading\n    balance roundrobin\n' "$front"
    for server in "${servers[@]}"; do printf '    server %s weight 100\n' "$server"; done
  } >"$work/haproxy-$name.cfg"
  haproxy -f "$work/haproxy-$name.cfg" -D -p "$work/haproxy-$name.pid"
  router=$(jq -n --arg socket "$work/haproxy-$name.sock" --argjson names "$(jq '[.[].name]' <<<"$targets")" \
    '{kind: "haproxy", adminSocket: $socket, backend: "trading", servers: ($names | map({key: ., value: .}) | from_entries)}')
  case $strategy in
    allAtOnce) plan='{"kind": "allAtOnce"}' ;;
    rolling) plan='{"kind": "rolling", "batchSize": 1}' ;;
    blueGreen) plan='{"kind": "blueGreen", "keepPreviousFor": "15m", "blue": ["app-1-blue", "app-2-blue"], "green": ["app-1-green", "app-2-green"]}' ;;
    canary) plan='{"kind": "canary", "steps": [{"weight": 50, "pause": "5s"}, {"weight": 100, "pause": "1s"}], "analysis": {"interval": "1s", "failureLimit": 0, "inconclusiveLimit": 3}}' ;;
  esac
  jq --arg name "$name" --argjson targets "$targets" --arg db "env:BENCH_PD_PG_${strategy^^}" --argjson router "$router" --argjson plan "$plan" \
    '.name = $name | .database = {engine: "postgresql", connectionString: $db}
     | .deployment.stateStore.path = (".pipeline/state/" + $name) | .deployment.targets = $targets
     | .deployment.strategy = $plan | .deployment.router = $router
     | .deployment.healthCheck = {path: "/health", retries: 30, intervalSeconds: 1, timeoutSeconds: 20}' \
    config/environments/development.json >"config/environments/$name.json"

  deploy() { ./build.sh --target=Deploy --exclusive --env="$name" --app-version="$1"; }
  quietly deploy "$v1"

  # A good version under load.
  start_load "$front" "$work/$name-good.json"
  stamped deploy "$v2" >"$work/$name-good.log" || { cat "$work/$name-good.log" >&2; exit 1; }
  stop_load
  requests[$strategy]=$(jq .requests "$work/$name-good.json")
  failed[$strategy]=$(failed_of "$work/$name-good.json")
  rollout[$strategy]=$(last_second "$work/$name-good.log")

  # A bad version under load: the deploy notices it (canary) or a rollback is run as soon as it ends.
  start_load "$front" "$work/$name-bad.json"
  if stamped deploy "$v3" >"$work/$name-bad.log"; then
    detected[$strategy]="-"
    deploy_seconds=$(last_second "$work/$name-bad.log")
    stamped ./build.sh --target=Rollback --env="$name" --component=application >"$work/$name-rollback.log" || { cat "$work/$name-rollback.log" >&2; exit 1; }
    recovered[$strategy]=$(bc <<<"$deploy_seconds + $(last_second "$work/$name-rollback.log")")
    if [[ $strategy == blueGreen ]]; then
      switch_seconds[$strategy]=$(first_at "$work/$name-rollback.log" "switched all traffic to")
      switch_ms[$strategy]=$(grep -m1 "switched all traffic to" "$work/$name-rollback.log" | grep -oE 'in [0-9]+ ms' | tr -dc 0-9)
    fi
  else
    detected[$strategy]=$(first_at "$work/$name-bad.log" "canary analysis failed|is NOT healthy")
    recovered[$strategy]=$(first_at "$work/$name-bad.log" "set to weight 0 at|put .* back on releases")
  fi
  stop_load
  bad_requests[$strategy]=$(jq .requests "$work/$name-bad.json")
  bad_failed[$strategy]=$(failed_of "$work/$name-bad.json")
  # Blue/green: the same rollback again, without load (the bad version deployed again first, so the good one is warm).
  if [[ $strategy == blueGreen ]]; then
    for ((i = 1; i < ROLLBACKS; i++)); do
      quietly deploy "$v3"
      stamped ./build.sh --target=Rollback --env="$name" --component=application >"$work/$name-rollback-$i.log" || { cat "$work/$name-rollback-$i.log" >&2; exit 1; }
      switch_seconds[$strategy]+=" $(first_at "$work/$name-rollback-$i.log" "switched all traffic to")"
    done
  fi
done

printf 'two hosts over SSH behind haproxy 2.6, one PostgreSQL; load: bench/deploy-under-load/load.py (3 clients) sent to haproxy\n'
printf 'good version %s -> %s; bad version %s (a fifth of order POSTs answer 500, /health stays 200)\n\n' "$v1" "$v2" "$v3"
printf '%-10s %9s %7s %11s | %9s %7s %12s %15s\n' strategy requests failed "rollout s" requests failed "detected at s" "back on good s"
for strategy in "${strategies[@]}"; do
  printf '%-10s %9s %7s %11s | %9s %7s %12s %15s\n' "$strategy" "${requests[$strategy]}" "${failed[$strategy]}" "${rollout[$strategy]}" \
    "${bad_requests[$strategy]}" "${bad_failed[$strategy]}" "${detected[$strategy]}" "${recovered[$strategy]}"
done
printf '\ndetected at "-": the deploy passed its health checks, so the bad version went live everywhere; "back on good" then\n'
printf 'adds an application rollback started at once. blue/green rollback, command start to all traffic on the old colour\n'
printf '(%s runs: the first under load after the bad phase, the others without load, each after the bad version was deployed again): %s s\n' "$ROLLBACKS" "${switch_seconds[blueGreen]:-?}"
printf '(of which the switch at haproxy in the first, as the log prints it: %s ms)\n' "${switch_ms[blueGreen]:-?}"
printf 'the bad phase counts 500s answered by the bad version as failed requests.\n'

python3 - "$out" <<PY
import html, sys
rows = [
$(for s in "${strategies[@]}"; do printf '    ("%s", %s, %s, %s, %s),\n' "$s" "${rollout[$s]}" "${recovered[$s]}" "${failed[$s]}" "${bad_failed[$s]}"; done)
]
width, bar_h, gap, left = 760, 18, 14, 110
scale = (width - left - 60) / max(max(r[1], r[2]) for r in rows)
height = 90 + len(rows) * (2 * bar_h + gap)
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       '<text x="10" y="20" font-size="15" font-weight="bold">Progressive delivery behind haproxy: seconds (less is better)</text>',
       '<rect x="10" y="32" width="12" height="12" fill="#2f6fbf"/><text x="28" y="42">good version: time to full rollout</text>',
       '<rect x="260" y="32" width="12" height="12" fill="#cf4a2a"/><text x="278" y="42">bad version: time until all traffic is back on the good one</text>']
y = 64
for name, good, back, failed, bad_failed in rows:
    svg.append(f'<text x="10" y="{y + bar_h + 4}">{html.escape(name)}</text>')
    svg.append(f'<rect x="{left}" y="{y}" width="{good * scale:.1f}" height="{bar_h}" fill="#2f6fbf"/>')
    svg.append(f'<text x="{left + good * scale + 4:.1f}" y="{y + 13}">{good:.1f} s, {failed} failed</text>')
    svg.append(f'<rect x="{left}" y="{y + bar_h}" width="{back * scale:.1f}" height="{bar_h}" fill="#cf4a2a"/>')
    svg.append(f'<text x="{left + back * scale + 4:.1f}" y="{y + bar_h + 13}">{back:.1f} s, {bad_failed} failed</text>')
    y += 2 * bar_h + gap
svg.append('</svg>')
open(sys.argv[1], "w").write("\n".join(svg) + "\n")
PY
printf '\nchart: %s\n' "$(realpath "$out")"
