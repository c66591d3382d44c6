#!/usr/bin/env bash
# Deploy time to 1, 3 and 6 hosts over SSH (./build.sh --target=Deploy --exclusive, host start included) against the
# same deploy done the way deploy.sh did it (scp + ssh per host, one after the other), in one run: seconds, bytes
# sent and ratios. Every host is a real sshd on its own 127.0.0.x address running the real app; the database is a
# throw-away PostgreSQL 15 cluster. Run as root (sshd) on a machine with scripts/prerequisites.sh done.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
run="$(date +%Y%m%d%H%M%S)"
version="bench.$run"
work="$(mktemp -d /tmp/fleet-bench-XXXXXX)"
chmod 755 "$work"
pg_bin=/usr/lib/postgresql/15/bin
envs=()
pids=()

# Each host's front door first: it would restart an app stopped before it.
cleanup() {
  for pid_file in "$work"/h*/*/srv/shared/frontdoor.pid "$work"/h*/*/srv/shared/app.pid "$work"/h*/baseline/app-*.pid; do
    [[ -f "$pid_file" ]] && kill "$(cat "$pid_file")" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  for name in "${envs[@]}"; do rm -rf "config/environments/$name.json" ".pipeline/state/$name"; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# CPU seconds a process used, with the children it waited for (an sshd's sessions and the commands they ran).
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_of_file() { local pid; pid=$(cat "$1" 2>/dev/null) && [[ -n "$pid" ]] && cpu_ticks "$pid" || echo 0; }
in_seconds() { echo "scale=2; $1 / $ticks" | bc; }
seconds() { local start end; start=$(date +%s%N); "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; end=$(date +%s%N); echo "scale=3; ($end - $start) / 1000000000" | bc; }
# Each line of the run with the seconds since it started, so the profile shows where the time goes.
stamped() { local start=$EPOCHREALTIME; "$@" 2>&1 | while IFS= read -r line; do printf '%7.2f %s\n' "$(bc <<<"$EPOCHREALTIME - $start")" "$line"; done; return "${PIPESTATUS[0]}"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# PostgreSQL: initdb refuses root, so the cluster belongs to the postgres user.
pg_port=$(free_port)
mkdir "$work/pg"
chown postgres "$work/pg"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres --no-sync >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null

# Six hosts: sshd on 127.0.0.2N with its own host key, user key and authorized keys.
mkdir -p /run/sshd
ssh_ports=()
for n in 1 2 3 4 5 6; do
  dir="$work/h$n"
  mkdir -p "$dir/home"
  ssh-keygen -q -t ed25519 -N "" -f "$dir/host_key"
  ssh-keygen -q -t ed25519 -N "" -f "$dir/user_key"
  cp "$dir/user_key.pub" "$dir/authorized_keys"
  port=$(free_port)
  ssh_ports+=("$port")
  cat >"$dir/sshd_config" <<CONFIG
ListenAddress 127.0.0.2$n:$port
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
  printf -v "BENCH_SSH_KEY_$n" '%s\n' "$(cat "$dir/user_key")"
  export "BENCH_SSH_KEY_$n"
done
sleep 1

./build.sh --target=Build --exclusive --env=development --app-version="$version" --verbosity=quiet >/dev/null
archive="artifacts/$version/trading-app-$version.tar.gz"
archive_bytes=$(stat -c %s "$archive")
app_port=$(free_port)

# One environment per fleet size, each with a database of its own and its own directory on every host.
for hosts in 1 3 6; do
  name="benchfleet$hosts"
  envs+=("$name")
  runuser -u postgres -- "$pg_bin/createdb" -h "$work/pg" -p "$pg_port" -U postgres "$name"
  export "BENCH_PG_$hosts=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$name;Pooling=false"
  targets="[]"
  for n in $(seq 1 "$hosts"); do
    targets=$(jq --arg n "$n" --arg port "${ssh_ports[$((n - 1))]}" --arg key "$(cat "$work/h$n/host_key.pub")" \
      --arg path "$work/h$n/$name/srv" --arg url "http://127.0.0.2$n:$app_port/" --arg user "$(id -un)" \
      '. + [{name: ("app-" + $n), kind: "ssh", host: ("127.0.0.2" + $n), port: ($port | tonumber), user: $user,
             identity: ("env:BENCH_SSH_KEY_" + $n), hostKey: $key, path: $path, url: $url}]' <<<"$targets")
  done
  jq --arg name "$name" --argjson targets "$targets" --arg db "env:BENCH_PG_$hosts" \
    '.name = $name | .database = {engine: "postgresql", connectionString: $db}
     | .deployment.stateStore.path = (".pipeline/state/" + $name) | .deployment.targets = $targets
     | .deployment.strategy = {kind: "allAtOnce"}' config/environments/development.json >"config/environments/$name.json"
done

declare -A ours ours_bytes theirs theirs_bytes ours_cpu theirs_cpu host_cpu
for hosts in 1 3 6; do
  declare -A sshd_before=()
  for n in $(seq 1 "$hosts"); do sshd_before[$n]=$(cpu_of_file "$work/h$n/sshd.pid"); done
  ours[$hosts]=$(seconds stamped /usr/bin/time -f "build host CPU %U user %S system" -o "$work/host-cpu-$hosts" ./build.sh --target=Deploy --exclusive --env="benchfleet$hosts" --app-version="$version")
  cp "$work/last.log" "$work/ours-$hosts.log"
  host_cpu[$hosts]=$(awk '{print $4 + $6}' "$work/host-cpu-$hosts")
  total=0
  : >"$work/ours-cpu-$hosts"
  for n in $(seq 1 "$hosts"); do
    srv="$work/h$n/benchfleet$hosts/srv/shared"
    sshd=$(( $(cpu_of_file "$work/h$n/sshd.pid") - sshd_before[$n] ))
    door=$(cpu_of_file "$srv/frontdoor.pid")
    app=$(cpu_of_file "$srv/app.pid")
    total=$((total + sshd + door + app))
    printf '  app-%s: %6.2f s CPU = sshd sessions and commands %5.2f + front door %5.2f + app %5.2f\n' "$n" \
      "$(in_seconds $((sshd + door + app)))" "$(in_seconds "$sshd")" "$(in_seconds "$door")" "$(in_seconds "$app")" >>"$work/ours-cpu-$hosts"
  done
  ours_cpu[$hosts]=$(in_seconds "$total")
  ours_bytes[$hosts]=$(grep -o "sent trading-app-[^ ]* to app-[0-9]* ([0-9,]* bytes)" "$work/last.log" | grep -o "([0-9,]*" | tr -d '(,' | paste -sd+ | bc)
  for pid_file in "$work"/h*/"benchfleet$hosts"/srv/shared/frontdoor.pid "$work"/h*/"benchfleet$hosts"/srv/shared/app.pid; do
    kill "$(cat "$pid_file")" 2>/dev/null || true
  done
done

# The deploy.sh way, per host one after the other: copy, check, unpack, switch, restart, wait for health.
settings="$work/h1/benchfleet1/srv/shared/config/appsettings.json"
baseline() {
  local hosts=$1 n dir
  for n in $(seq 1 "$hosts"); do
    dir="$work/h$n/baseline"
    local ssh_args=(-q -i "$work/h$n/user_key" -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$work/known_hosts")
    scp "${ssh_args[@]}" -P "${ssh_ports[$((n - 1))]}" "$archive" "$settings" "root@127.0.0.2$n:$work/h$n/"
    ssh "${ssh_args[@]}" -p "${ssh_ports[$((n - 1))]}" "root@127.0.0.2$n" "set -e
      mkdir -p $dir/releases/$version-$hosts
      tar -xzf $work/h$n/$(basename "$archive") -C $dir/releases/$version-$hosts
      cp $work/h$n/appsettings.json $dir/releases/$version-$hosts/appsettings.json
      ln -sfn releases/$version-$hosts $dir/current
      cd $dir/current
      TRADING_DATA_DIR=$dir TradingDb='${BENCH_PG_6}' setsid sh -c 'echo \$\$ > $dir/app-$hosts.pid; exec dotnet Trading.App.dll --urls http://127.0.0.2$n:$((app_port + hosts))' >/dev/null 2>&1 < /dev/null &
      for i in \$(seq 1 300); do curl -sf http://127.0.0.2$n:$((app_port + hosts))/health >/dev/null && exit 0; sleep 0.1; done
      echo unhealthy >&2; exit 1"
  done
}
: >"$work/known_hosts"
for n in 1 2 3 4 5 6; do
  echo "[127.0.0.2$n]:${ssh_ports[$((n - 1))]} $(cat "$work/h$n/host_key.pub")" >>"$work/known_hosts"
done
sed -i "s/env:BENCH_PG_1/env:TradingDb/" "$settings"
for hosts in 1 3 6; do
  total=0
  for n in $(seq 1 "$hosts"); do total=$((total - $(cpu_of_file "$work/h$n/sshd.pid"))); done
  theirs[$hosts]=$(seconds baseline "$hosts")
  for n in $(seq 1 "$hosts"); do
    total=$((total + $(cpu_of_file "$work/h$n/sshd.pid") + $(cpu_of_file "$work/h$n/baseline/app-$hosts.pid")))
  done
  theirs_cpu[$hosts]=$(in_seconds "$total")
  theirs_bytes[$hosts]=$((archive_bytes * hosts))
done

cores=$(nproc)
printf 'release archive %s bytes; hosts are sshd on 127.0.0.21-26, each running the app; %s cores; load average before the run %s\n' "$archive_bytes" "$cores" "$load_before"
printf 'CPU (s): what the hosts used (SSH sessions and their commands, front door, app), and the build host; /%s cores is the least wall time that CPU needs\n' "$cores"
printf '%-6s %10s %14s %10s %10s %12s %14s %10s %10s\n' hosts "ours (s)" "ours (bytes)" "hosts CPU" "host CPU" "CPU/cores" "scp+ssh (s)" "their CPU" "ours/them"
for hosts in 1 3 6; do
  printf '%-6s %10.3f %14s %10.2f %10.2f %12.2f %14.3f %10.2f %10.3f\n' "$hosts" "${ours[$hosts]}" "${ours_bytes[$hosts]}" "${ours_cpu[$hosts]}" "${host_cpu[$hosts]}" \
    "$(echo "(${ours_cpu[$hosts]} + ${host_cpu[$hosts]}) / $cores" | bc -l)" "${theirs[$hosts]}" "${theirs_cpu[$hosts]}" "$(echo "${ours[$hosts]} / ${theirs[$hosts]}" | bc -l)"
done
for hosts in 1 6; do
  printf '\nCPU per host, ours, %s host(s):\n' "$hosts"
  cat "$work/ours-cpu-$hosts"
done
for hosts in 1 6; do
  printf '\nprofile of ours, %s host(s): seconds since the start, then the line\n' "$hosts"
  grep -E "Executing task|step [0-9]+/[0-9]+: [a-z-]+|checked in|target\(s\) what they run|bytes\) in|unpacked it .* in|new settings in|ready for the request|switch took|started the front door|started the app from|is healthy on|after it drained|clean-up on" "$work/ours-$hosts.log" | sed -E 's/(step [0-9]+\/[0-9]+: [a-z-]+( \[[^]]*\])?):.*/\1/' | cut -c1-200
done
printf '6 hosts / 1 host: ours %.3f, scp+ssh %.3f\n' "$(echo "${ours[6]} / ${ours[1]}" | bc -l)" "$(echo "${theirs[6]} / ${theirs[1]}" | bc -l)"
