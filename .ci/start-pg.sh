#!/usr/bin/env bash
# Idempotent: installs PostgreSQL if missing, starts a private throwaway server
# on 127.0.0.1:$PGPORT (socket in /tmp), creates role+db. No systemd needed. Run as root.
set -euo pipefail
PGPORT=${PGPORT:-5433}; PGDATA=${PGDATA:-/tmp/serialtrack-pgdata}
PGUSER_APP=${PGUSER_APP:-serialtrack}; PGDB_APP=${PGDB_APP:-serialtrack_test}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { runuser -u postgres -- "$@"; }
if ! as_pg "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    rm -rf "$PGDATA"; install -d -o postgres -g postgres -m 700 "$PGDATA"
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  fi
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi
psqlc() { as_pg "$PGBIN/psql" -h /tmp -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtAc "$1"; }
[ "$(psqlc "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_APP'")" = 1 ] || psqlc "CREATE ROLE \"$PGUSER_APP\" LOGIN CREATEDB PASSWORD '$PGUSER_APP'"
[ "$(psqlc "SELECT 1 FROM pg_database WHERE datname='$PGDB_APP'")" = 1 ] || psqlc "CREATE DATABASE \"$PGDB_APP\" OWNER \"$PGUSER_APP\""
echo "Host=127.0.0.1;Port=$PGPORT;Username=$PGUSER_APP;Password=$PGUSER_APP;Database=$PGDB_APP"
