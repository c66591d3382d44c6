#!/usr/bin/env bash
# Prints the SQL that puts the rows of a reconciliation file back: one INSERT per row, with its own id, skipped when a
# row with that id is there already, so running it twice changes nothing. Works for SQLite and PostgreSQL:
#   scripts/reconciliation-sql.sh <file.json> | sqlite3 .pipeline/servers/development/shared/data/trading.db
#   scripts/reconciliation-sql.sh <file.json> | psql "$DATABASE_URL" --set ON_ERROR_STOP=1 --single-transaction
# Read the output before running it: the rows were acknowledged before a database rollback removed them (README, Rollback).
set -euo pipefail

if [[ $# -ne 1 || ! -r "$1" ]]; then
  echo "usage: $0 <reconciliation file>   (reconciliation/<env>/<rollback id>.json in the state store)" >&2
  exit 2
fi

jq -r '
  def literal: if . == null then "NULL" elif type == "string" then "'"'"'" + gsub("'"'"'"; "'"'"''"'"'") + "'"'"'" else tostring end;
  def name: "\"" + gsub("\""; "\"\"") + "\"";
  .tables[] | . as $table | .rows[] | . as $row |
    "INSERT INTO \($table.table | name) (\([keys_unsorted[] | name] | join(", "))) SELECT \([.[] | literal] | join(", "))"
    + " WHERE NOT EXISTS (SELECT 1 FROM \($table.table | name) WHERE \($table.idColumn | name) = \($row[$table.idColumn] | literal));"
' "$1"
