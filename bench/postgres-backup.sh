#!/usr/bin/env bash
# PostgreSQL backup and restore through the pipeline against pg_dump / pg_restore run by hand, on the same
# database, in one run. A throw-away PostgreSQL 15 cluster gets a database "bench" of about SIZE_MB megabytes
# (orders as db/postgresql/migrations create them, plus fills); then, PASSES times, in alternating order:
#   backup   raw:  pg_dump -Fc -f FILE
#            ours: the host's --target=Backup on an environment whose database is "bench" (host start included):
#                  row counts, pg_dump -Fc, inspection (pg_restore --list, then a full read), sha256, copy into the
#                  state store, manifest
#   restore  raw:  pg_restore --clean --if-exists --no-owner --exit-on-error --jobs=N into a fresh database
#            ours: EngineBackupService.RestoreAsync of that backup into a fresh database (bench/postgres-backup):
#                  copy out of the state store, sha256 against the manifest (the dump was read whole when it was
#                  taken), pg_restore --list, then pg_restore with the same flags and jobs
# The goal is ours within 10% of raw (ours/raw <= 1.10). The parts of our extra work are timed on their own.
# Environment: SIZE_MB (default 1024), PASSES (default 2), PG_BIN (default /usr/lib/postgresql/15/bin).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
size_mb="${SIZE_MB:-1024}"
passes="${PASSES:-2}"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
# PostgreSqlEngine restores a custom-format archive with min(4, processor count) workers; raw gets the same.
cores="$(nproc)"
jobs=$((cores < 4 ? cores : 4))
bench_project=bench/postgres-backup/PostgresBackupBench.csproj
bench_build=bench/postgres-backup/.build

tmp="$(mktemp -d /tmp/postgres-backup-bench.XXXXXX)"
chmod 755 "$tmp"
cluster="$tmp/cluster"
work="$tmp/work"
state="$work/.pipeline/state/bench"
port=""

as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  if [[ -f "$cluster/data/postmaster.pid" ]]; then
    as_postgres "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# The psql of the cluster, as the superuser, on database $1; the SQL is the rest of the arguments or stdin.
sql() {
  local db="$1"
  shift
  PGOPTIONS="-c client_min_messages=warning" "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"
}
scalar() { sql "$1" -At -c "$2"; }

now() { date +%s%N; }
elapsed() { echo "scale=3; ($(now) - $1) / 1000000000" | bc; }

# ---- cluster -------------------------------------------------------------------------------------------------
log "starting a PostgreSQL cluster in $cluster"
mkdir -p "$cluster"
[[ "$(id -u)" == 0 ]] && chown postgres:postgres "$cluster"
as_postgres "$pg_bin/initdb" -D "$cluster/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
# Durability settings as a real server has them would only slow both sides alike; the tests' cluster turns them off too.
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null && continue
  if as_postgres "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w start \
    -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_wal_size=4GB -c maintenance_work_mem=256MB" >/dev/null; then
    break
  fi
  [[ "$attempt" == 5 ]] && { cat "$cluster/server.log" >&2; exit 1; }
done
export BENCH_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=bench;Password=unused-password"

# ---- data ----------------------------------------------------------------------------------------------------
# About 200 bytes per order, its half fill included (heap and indexes, measured at 1 GB); SIZE_MB sets the order count.
orders=$((size_mb * 1024 * 1024 / 200))
fills=$((orders / 2))
log "generating $orders orders and $fills fills (SIZE_MB=$size_mb)"
start=$(now)
sql postgres -c "CREATE DATABASE bench"
for migration in db/postgresql/migrations/*.up.sql; do sql bench -f "$migration"; done
# Its setval SELECTs print a row each: not wanted.
sql bench >/dev/null <<SQL
CREATE TABLE pipeline_schema_history (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_by text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), duration_ms bigint NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('success', 'failed')), error text NULL);
INSERT INTO pipeline_schema_history (version, name, checksum, applied_by, duration_ms, outcome)
VALUES (1, 'create_orders', 'bench', 'bench', 1, 'success'), (2, 'add_order_client_id', 'bench', 'bench', 1, 'success');
INSERT INTO orders (id, symbol, side, quantity, price, status, created_at, client_order_id)
SELECT g,
       (ARRAY['AAPL','MSFT','GOOG','AMZN','TSLA','NVDA','META','IBM','ORCL','INTC'])[1 + g % 10],
       CASE WHEN random() < 0.5 THEN 'buy' ELSE 'sell' END,
       1 + (random() * 999)::int,
       round((10 + random() * 990)::numeric, 6),
       (ARRAY['new','filled','cancelled','rejected'])[1 + (random() * 3)::int],
       timestamptz '2024-01-01' + g * interval '1 second',
       'c-' || md5(g::text)
FROM generate_series(1, $orders) AS g;
SELECT setval(pg_get_serial_sequence('orders', 'id'), $orders);
CREATE TABLE fills (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL,
    quantity integer NOT NULL,
    price numeric(18, 6) NOT NULL,
    executed_at timestamptz NOT NULL);
INSERT INTO fills (id, order_id, quantity, price, executed_at)
SELECT g, 1 + (random() * ($orders - 1))::bigint, 1 + (random() * 99)::int, round((10 + random() * 990)::numeric, 6),
       timestamptz '2024-01-01' + g * interval '2 seconds'
FROM generate_series(1, $fills) AS g;
SELECT setval(pg_get_serial_sequence('fills', 'id'), $fills);
CREATE INDEX fills_order_id ON fills (order_id);
VACUUM ANALYZE;
SQL
db_bytes=$(scalar bench "SELECT pg_database_size('bench')")
db_pretty=$(scalar bench "SELECT pg_size_pretty(pg_database_size('bench'))")
log "database bench: $db_pretty ($db_bytes bytes) in $(elapsed "$start") s"

# ---- our side: the host, an environment of its own, the restore console ----------------------------------------
log "building the pipeline host and the restore console"
./build.sh --target=Noop --verbosity=quiet >/dev/null
# Run the host as ./build.sh does (exec .build/host/Build from the repository root), from a copy taken now: an
# edit to build/ or src/ during the run would otherwise make ./build.sh rebuild the host inside a timed backup.
cp -a .build/host "$tmp/host"
dotnet build "$bench_project" -c Release --artifacts-path "$bench_build" --nologo -v:quiet -clp:"NoSummary;ErrorsOnly" >/dev/null
console="$repo/$bench_build/bin/PostgresBackupBench/release/PostgresBackupBench.dll"

mkdir -p "$work/config/environments"
cp config/environments/environment.schema.json "$work/config/environments/"
[[ -f config/quality.json ]] && cp config/quality.json "$work/config/"
jq '.name = "bench"
    | .database = {engine: "postgresql", connectionString: "env:BENCH_PG"}
    | .deployment.stateStore = {kind: "local", path: ".pipeline/state/bench"}
    | .deployment.targets = [{name: "local", kind: "local", path: ".pipeline/servers/bench"}]' \
  config/environments/development.json >"$work/config/environments/bench.json"
# The development environment's own secrets, so that loading it never stops at one that is not set here.
export TRADING_DEV_SIGNING_KEY="${TRADING_DEV_SIGNING_KEY:-bench-signing-key-0123456789abcdef}"

host_log="$tmp/host.log"
ours_backup() {
  "$tmp/host/Build" --target=Backup --env=bench --working="$work" >"$host_log" 2>&1 || { cat "$host_log" >&2; return 1; }
}
newest_backup() { find "$state/backups" -name manifest.json -printf '%T@ %h\n' | sort -n | tail -1 | sed 's|.*/||'; }

raw_dump="$tmp/raw.pgdump"
raw_backup() { rm -f "$raw_dump"; "$pg_bin/pg_dump" -Fc -h 127.0.0.1 -p "$port" -U postgres -f "$raw_dump" bench; }

fresh_db() { sql postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"; }
raw_restore() {
  "$pg_bin/pg_restore" --clean --if-exists --no-owner --exit-on-error --jobs="$jobs" -h 127.0.0.1 -p "$port" -U postgres -d "$1" "$raw_dump"
}
ours_restore() { dotnet "$console" restore "$state" "$1" "$2" >"$tmp/restore.out"; }

# One timed run of "$@": prints its seconds.
timed() {
  local start
  start=$(now)
  "$@" >/dev/null
  elapsed "$start"
}

# Warm-up: one untimed backup each way, so no side pays for a cold cache or a first start.
log "warm-up: one backup each way"
raw_backup
ours_backup

declare -a raw_b ours_b ours_b_ms raw_r ours_r ours_r_inproc
for ((pass = 1; pass <= passes; pass++)); do
  if ((pass % 2)); then order=(raw ours); else order=(ours raw); fi
  for side in "${order[@]}"; do
    log "pass $pass: $side backup"
    if [[ $side == raw ]]; then
      raw_b+=("$(timed raw_backup)")
    else
      ours_b+=("$(timed ours_backup)")
      id="$(newest_backup)"
      ours_b_ms+=("$(jq -r '.durationMs // .DurationMs' "$state/backups/$id/manifest.json")")
    fi
  done
  for side in "${order[@]}"; do
    log "pass $pass: $side restore"
    fresh_db "restore_$side"
    if [[ $side == raw ]]; then
      raw_r+=("$(timed raw_restore "restore_$side")")
    else
      ours_r+=("$(timed ours_restore "$id" "restore_$side")")
      ours_r_inproc+=("$(awk '$1 == "restore" {print $2}' "$tmp/restore.out")")
    fi
    sql postgres -c "DROP DATABASE restore_$side WITH (FORCE)"
  done
done

# Check that a restore through our path is complete: the same row counts as the source.
fresh_db restore_check
ours_restore "$id" restore_check
counts_sql="SELECT (SELECT count(*) FROM orders) || ' orders, ' || (SELECT count(*) FROM fills) || ' fills'"
source_counts=$(scalar bench "$counts_sql")
restored_counts=$(scalar restore_check "$counts_sql")
sql postgres -c "DROP DATABASE restore_check WITH (FORCE)"

# ---- where our extra time goes -----------------------------------------------------------------------------------
log "timing the parts of our extra work"
count_s=$(timed scalar bench "SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM fills) + (SELECT count(*) FROM pipeline_schema_history)")
list_s=$(timed "$pg_bin/pg_restore" --list "$raw_dump")
read_s=$(timed "$pg_bin/pg_restore" --file=/dev/null "$raw_dump")
fresh_db restore_parts
dotnet "$console" parts "$state" "$id" restore_parts >"$tmp/parts.out"
sql postgres -c "DROP DATABASE restore_parts WITH (FORCE)"
part() { awk -v name="$1" '$1 == name {print $2}' "$tmp/parts.out"; }
noop_s=$(timed "$tmp/host/Build" --target=Noop --env=bench --working="$work" --verbosity=quiet)
dump_bytes=$(stat -c %s "$raw_dump")
ours_bytes=$(jq -r '.bytes // .Bytes' "$state/backups/$id/manifest.json")

# ---- report ------------------------------------------------------------------------------------------------------
mean() { printf '%s\n' "$@" | awk '{s += $1} END {printf "%.3f", s / NR}'; }
row() { # step raw ours
  local ratio verdict
  ratio=$(echo "scale=3; $3 / $2" | bc)
  verdict=$(echo "$ratio <= 1.10" | bc)
  printf '| %-48s | %9.3f | %9.3f | %6.2f | %-4s |\n' "$1" "$2" "$3" "$ratio" "$([[ $verdict == 1 ]] && echo PASS || echo MISS)"
}

echo
echo "database bench: $db_pretty ($db_bytes bytes; $source_counts), PostgreSQL $(scalar bench 'SHOW server_version'), $cores cores, pg_restore --jobs=$jobs"
echo "dump: raw $dump_bytes bytes, ours $ours_bytes bytes; $passes passes, order alternating (pass 1 raw first)"
echo
printf '| %-48s | %9s | %9s | %6s | %-4s |\n' "step" "raw s" "ours s" "ratio" "goal"
printf '|%s|%s|%s|%s|%s|\n' "--------------------------------------------------" "-----------" "-----------" "--------" "------"
for ((i = 0; i < passes; i++)); do
  row "backup, pass $((i + 1)) (ours: host wall)" "${raw_b[i]}" "${ours_b[i]}"
  row "backup, pass $((i + 1)) (ours: manifest durationMs)" "${raw_b[i]}" "$(echo "scale=3; ${ours_b_ms[i]} / 1000" | bc)"
done
for ((i = 0; i < passes; i++)); do
  row "restore, pass $((i + 1)) (ours: process wall)" "${raw_r[i]}" "${ours_r[i]}"
  row "restore, pass $((i + 1)) (ours: RestoreAsync only)" "${raw_r[i]}" "${ours_r_inproc[i]}"
done
ours_b_s=(); for ms in "${ours_b_ms[@]}"; do ours_b_s+=("$(echo "scale=3; $ms / 1000" | bc)"); done
row "backup, mean (host wall)" "$(mean "${raw_b[@]}")" "$(mean "${ours_b[@]}")"
row "backup, mean (manifest durationMs)" "$(mean "${raw_b[@]}")" "$(mean "${ours_b_s[@]}")"
row "restore, mean (process wall)" "$(mean "${raw_r[@]}")" "$(mean "${ours_r[@]}")"
row "restore, mean (RestoreAsync only)" "$(mean "${raw_r[@]}")" "$(mean "${ours_r_inproc[@]}")"
echo
echo "parts of our extra work, each timed once on its own (seconds):"
printf '  %-70s %8.3f\n' "host start and a no-op target (--target=Noop)" "$noop_s"
printf '  %-70s %8.3f\n' "row counts in the dump's snapshot (count(*) of every table)" "$count_s"
printf '  %-70s %8.3f\n' "PostgreSqlEngine.DumpAsync (row counts + pg_dump through the wrapper)" "$(part dump)"
printf '  %-70s %8.3f\n' "inspection, pg_restore --list" "$list_s"
printf '  %-70s %8.3f\n' "inspection, full read (pg_restore --file=/dev/null)" "$read_s"
printf '  %-70s %8.3f\n' "inspection as PostgreSqlEngine.InspectAsync runs it (both)" "$(part inspect)"
printf '  %-70s %8.3f\n' "sha256 of the dump (FileDigest.Sha256)" "$(part sha256)"
printf '  %-70s %8.3f\n' "copy of the dump into / out of the local state store" "$(part copy)"
printf '  %-70s %8.3f\n' "PostgreSqlEngine.RestoreAsync (pg_restore --list + pg_restore)" "$(part engine-restore)"
echo "  backup adds: row counts + inspection + sha256 + copy in + host start"
echo "  restore adds: copy out + sha256 + pg_restore --list + .NET start (the full read happened when the backup was taken)"
echo "restore check: source $source_counts; restored through our path $restored_counts"
