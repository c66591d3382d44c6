#!/bin/sh
# Starts PostgreSQL, first making a cluster in PGDATA when it is empty: the superuser POSTGRES_USER (default
# postgres) with POSTGRES_PASSWORD (required), and the database POSTGRES_DB (default: the user's name), as the
# official postgres image does. Local socket connections are trusted; TCP connections need the password.
set -eu

if [ "${1:-}" = "postgres" ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "docker-entrypoint.sh: POSTGRES_PASSWORD is not set; it is needed to make the cluster in $PGDATA" >&2
    exit 1
  fi
  user="${POSTGRES_USER:-postgres}"
  database="${POSTGRES_DB:-$user}"
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  if [ "$database" != "postgres" ]; then
    # Single-user mode: nothing listens until the database exists.
    echo "CREATE DATABASE \"$database\" OWNER \"$user\"" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "docker-entrypoint.sh: made a PostgreSQL cluster in $PGDATA with database $database owned by $user"
fi

exec "$@"
