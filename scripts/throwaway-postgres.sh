#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback, for tests and local experiments.
#   eval "$(scripts/throwaway-postgres.sh start)"   # exports BDRC_TEST_POSTGRES (a connection string) and BDRC_PG_DIR
#   scripts/throwaway-postgres.sh stop "$BDRC_PG_DIR"
# The data directory is a new temporary one; "stop" shuts the server down and deletes it. Durability is off
# (fsync, synchronous_commit): a crash loses the cluster, which is thrown away anyway. Runs the server as the
# "postgres" user when started as root (PostgreSQL refuses root).
set -euo pipefail

bin_dir() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)." >&2; exit 3; }
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  start)
    bin=$(bin_dir)
    dir=$(mktemp -d /tmp/bdrc-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U bdrc --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB" \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "export BDRC_PG_DIR='$dir'"
    echo "export BDRC_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=bdrc;Database=postgres'"
    ;;
  stop)
    dir=${2:?usage: $0 stop DIR}
    bin=$(bin_dir)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
