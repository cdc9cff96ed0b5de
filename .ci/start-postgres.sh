#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster from Debian's packages on 127.0.0.1 and print its DATABASE_URL.
# Usage: eval "$(.ci/start-postgres.sh)"   (needs: apt-get install postgresql)
set -euo pipefail
PGPORT="${PGPORT:-54329}"
PGDATA="${PGDATA:-/tmp/portal-pg-$PGPORT}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
RUN_AS=()
[ "$(id -u)" = "0" ] && RUN_AS=(runuser -u postgres --)
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$PGDATA"
  "${RUN_AS[@]}" "$BIN/initdb" -D "$PGDATA" -U portal --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-h 127.0.0.1 -p $PGPORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
fi
"$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U portal -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='portal'" | grep -q 1 \
  || "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U portal portal
echo "export DATABASE_URL=postgres://portal@127.0.0.1:$PGPORT/portal"
