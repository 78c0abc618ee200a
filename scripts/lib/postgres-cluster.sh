#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 in a temporary folder and
# prints its URL; `stop DIR` stops it and removes the folder.
# initdb refuses to run as root, so the cluster belongs to the `postgres` user.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/welfare-pg.XXXXXX)
    chown postgres "$dir" 2>/dev/null || true
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
    as_pg "$PGBIN/initdb -D $dir/data -U welfare --auth=trust -E UTF8 --locale=C.UTF-8 >$dir/initdb.log 2>&1"
    as_pg "$PGBIN/pg_ctl -D $dir/data -o '-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off' -l $dir/server.log -w start >/dev/null"
    as_pg "$PGBIN/createdb -h 127.0.0.1 -p $port -U welfare welfare"
    echo "$dir postgres://welfare@127.0.0.1:$port/welfare"
    ;;
  stop)
    dir=$2
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $dir/data -m immediate stop" >/dev/null 2>&1 || true
    else "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
