#!/bin/sh
# Applies the trading schema's migrations (NNNN_name.up.sql in MIGRATIONS, default /migrations) to the database
# that psql's PG* variables name, as the pipeline's PostgreSqlMigrator does, so either may migrate a database the
# other migrated: the same pipeline_schema_history table (sha-256 of each file, applied_by APPLIED_BY, default
# compose), the same advisory lock, held for the whole run, so a second run waits and then finds the work done.
# Before anything runs it refuses a history with a failed migration, an applied file that changed or is missing,
# or a pending file numbered below the applied version. Each migration commits with its history row; one that
# fails is rolled back, recorded as failed, and blocks later runs until it is cleared (./build.sh --target=MigrationRepair).
set -eu

migrations="${MIGRATIONS:-/migrations}"
applied_by="${APPLIED_BY:-compose}"
lock=5785243454896950853
script="$(mktemp)"
errors="$(mktemp)"
running="$(mktemp)"
trap 'rm -f "$script" "$errors" "$running"' EXIT

say() { echo "pipeline-migrate: $*"; }
sql_text() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

[ -d "$migrations" ] || { say "$migrations: the migrations directory does not exist" >&2; exit 2; }

files=""
values=""
for up in "$migrations"/*.up.sql; do
  [ -e "$up" ] || continue
  base="$(basename "$up" .up.sql)"
  if ! printf '%s\n' "$base" | grep -Eq '^[0-9]{4}_[a-z0-9_]+$'; then
    say "$up: not a migration file name; expected NNNN_name.up.sql, e.g. 0003_add_fills.up.sql" >&2
    exit 2
  fi
  version="$(printf '%s' "$base" | cut -c1-4 | sed 's/^0*//')"
  checksum="$(sha256sum "$up" | cut -d' ' -f1)"
  files="$files $up"
  values="$values${values:+, }(${version:-0}, $(sql_text "${base#*_}"), '$checksum', $(sql_text "$up"))"
done
[ -n "$files" ] || { say "$migrations holds no NNNN_name.up.sql; nothing to apply"; exit 0; }

{
  echo '\set ON_ERROR_STOP 1'
  echo '\set QUIET 1'
  echo "SET client_min_messages = warning;"
  echo "SELECT pg_advisory_lock($lock) AS locked \\gset"
  cat <<SQL
CREATE TABLE IF NOT EXISTS public.pipeline_schema_history (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_by text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    duration_ms bigint NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('success', 'failed')),
    error text NULL);
CREATE TEMPORARY TABLE migration_files (version integer, name text, checksum text, path text);
INSERT INTO migration_files VALUES $values;
DO \$\$
DECLARE problems text;
BEGIN
  SELECT string_agg(problem, '; ' ORDER BY version) INTO problems FROM (
    SELECT h.version, format('migration %s_%s failed on %s (%s) and is recorded as failed; nothing runs until it is fixed and cleared with ./build.sh --target=MigrationRepair --migration=%s',
                             lpad(h.version::text, 4, '0'), h.name, h.applied_at, h.error, h.version) AS problem
      FROM public.pipeline_schema_history h WHERE h.outcome = 'failed'
    UNION ALL
    SELECT h.version, format('%s: applied migration %s has changed since it ran (checksum %s... recorded, %s... now); applied migrations are immutable, restore the file and add a new migration instead',
                             f.path, lpad(h.version::text, 4, '0'), left(h.checksum, 12), left(f.checksum, 12))
      FROM public.pipeline_schema_history h JOIN migration_files f USING (version)
     WHERE h.outcome = 'success' AND h.checksum <> f.checksum
    UNION ALL
    SELECT h.version, format('applied migration %s_%s is missing from the migrations; the database is newer than these files',
                             lpad(h.version::text, 4, '0'), h.name)
      FROM public.pipeline_schema_history h
     WHERE h.outcome = 'success' AND NOT EXISTS (SELECT 1 FROM migration_files f WHERE f.version = h.version)
    UNION ALL
    SELECT f.version, format('%s: migration %s is pending but numbered below the applied version; it was never applied, renumber it', f.path, lpad(f.version::text, 4, '0'))
      FROM migration_files f
     WHERE NOT EXISTS (SELECT 1 FROM public.pipeline_schema_history h WHERE h.version = f.version)
       AND f.version < (SELECT coalesce(max(version), 0) FROM public.pipeline_schema_history WHERE outcome = 'success')
  ) found;
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to migrate; nothing was run: %', problems;
  END IF;
END
\$\$;
SQL
  for up in $files; do
    base="$(basename "$up" .up.sql)"
    version="$(printf '%s' "$base" | cut -c1-4 | sed 's/^0*//')"
    cat <<SQL
SELECT NOT EXISTS (SELECT 1 FROM public.pipeline_schema_history WHERE version = ${version:-0}) AS pending,
       (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS started \gset
\if :pending
\echo pipeline-migrate: applying $base
\\! echo $up > $running
BEGIN;
\i $up
INSERT INTO public.pipeline_schema_history (version, name, checksum, applied_by, duration_ms, outcome)
SELECT version, name, checksum, $(sql_text "$applied_by"), (extract(epoch FROM clock_timestamp()) * 1000)::bigint - :started, 'success'
  FROM migration_files WHERE version = ${version:-0};
COMMIT;
\\! : > $running
\echo pipeline-migrate: applied $base
\else
\echo pipeline-migrate: $base already applied
\endif
SQL
  done
} > "$script"

if psql --no-psqlrc --set=ON_ERROR_STOP=1 --file="$script" 2>"$errors"; then
  cat "$errors" >&2
  say "the schema is up to date"
  exit 0
fi

cat "$errors" >&2
if grep -q 'Refusing to migrate' "$errors"; then
  exit 1
fi

# The failed migration was rolled back when psql's session ended; record it, as the pipeline does, so that nothing
# runs on until someone looks. Any other failure (no server, a wrong password) changed nothing and is only reported.
up="$(cat "$running")"
[ -n "$up" ] || exit 1
base="$(basename "$up" .up.sql)"
version="$(printf '%s' "$base" | cut -c1-4 | sed 's/^0*//')"
error="$(grep -m1 'ERROR:' "$errors" | sed 's/^.*ERROR: *//')"
psql --no-psqlrc -q --set=ON_ERROR_STOP=1 -c "INSERT INTO public.pipeline_schema_history (version, name, checksum, applied_by, duration_ms, outcome, error)
  VALUES (${version:-0}, $(sql_text "${base#*_}"), '$(sha256sum "$up" | cut -d' ' -f1)', $(sql_text "$applied_by"), 0, 'failed', $(sql_text "$error"))
  ON CONFLICT (version) DO NOTHING"
say "$up: migration $base failed and was rolled back; the schema is still at its previous version. PostgreSQL said: $error. It is recorded as failed and blocks later runs: fix the file, then clear it with ./build.sh --target=MigrationRepair --migration=${version:-0}" >&2
exit 1
