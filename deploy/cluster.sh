#!/usr/bin/env bash
# Starts BdrcConsole as large organisations run it, on this machine: PostgreSQL, two console instances on
# loopback ports, and nginx in front of them with session affinity (deploy/nginx/bdrc-console.conf).
#   deploy/cluster.sh              # then open http://127.0.0.1:8080; Ctrl+C stops everything
# Settings (environment): BDRC_CLUSTER_DIR (data, logs; default ~/.bdrc-cluster, kept between runs),
# BDRC_PROXY_PORT (8080), BDRC_INSTANCE_PORTS ("5101 5102"), BDRC_PG_PORT (5433), BDRC_DEMO (1: seed the demo
# organisation into an empty database, as Development does; 0: start empty).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${BDRC_CLUSTER_DIR:-$HOME/.bdrc-cluster}
proxy_port=${BDRC_PROXY_PORT:-8080}
read -r -a ports <<< "${BDRC_INSTANCE_PORTS:-5101 5102}"
pg_port=${BDRC_PG_PORT:-5433}
demo=${BDRC_DEMO:-1}
mkdir -p "$dir/logs" "$dir/nginx"

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$pg_bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)." >&2; exit 3; }
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "nginx is not installed (apt-get install nginx)." >&2; exit 3; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping…"
  [ -f "$dir/nginx/nginx.pid" ] && kill "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
  echo "Stopped. Data stays in $dir (delete it to start afresh)."
}
trap stop INT TERM EXIT

# 1. PostgreSQL (a durable cluster of its own, kept in $dir/pg).
if [ ! -d "$dir/pg" ]; then
  mkdir -p "$dir/pg" && [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pg" "$dir/logs"
  as_postgres "$pg_bin/initdb" -D "$dir/pg" -U bdrc --auth=trust --encoding=UTF8 --locale=C >"$dir/logs/initdb.log"
fi
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir/logs"
as_postgres "$pg_bin/pg_ctl" -D "$dir/pg" -l "$dir/logs/postgresql.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=/tmp" >/dev/null
connection="Host=127.0.0.1;Port=$pg_port;Username=bdrc;Database=bdrc"
echo "PostgreSQL on 127.0.0.1:$pg_port ($dir/pg)"

# 2. The console, built once, started twice on the same database (the first to start migrates and seeds; the other waits).
dotnet build BdrcConsole --configuration Release -v quiet -nologo >"$dir/logs/build.log" 2>&1 || { tail -20 "$dir/logs/build.log"; exit 1; }
environment=Production; [ "$demo" = 1 ] && environment=Development
for port in "${ports[@]}"; do
  ASPNETCORE_ENVIRONMENT=$environment Bdrc__Database=PostgreSql ConnectionStrings__Bdrc="$connection" \
    dotnet BdrcConsole/bin/Release/net10.0/BdrcConsole.dll --urls "http://127.0.0.1:$port" >"$dir/logs/console-$port.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 120); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { echo "Instance on $port did not become ready; see $dir/logs/console-$port.log" >&2; exit 1; }
  echo "Console instance on http://127.0.0.1:$port (log: $dir/logs/console-$port.log)"
done

# 3. nginx with affinity in front: the deployment example, with this run's ports.
sed -e "s/127.0.0.1:5101/127.0.0.1:${ports[0]}/g" -e "s/127.0.0.1:5102/127.0.0.1:${ports[1]}/g" -e "s/127.0.0.1:8080/127.0.0.1:$proxy_port/" \
  deploy/nginx/bdrc-console.conf >"$dir/nginx/bdrc-console.conf"
mkdir -p "$dir/nginx/tmp"
cat >"$dir/nginx/nginx.conf" <<CONF
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/logs/nginx-error.log;
events {}
http {
    access_log $dir/logs/nginx-access.log;
    client_body_temp_path $dir/nginx/tmp/body;
    proxy_temp_path $dir/nginx/tmp/proxy;
    fastcgi_temp_path $dir/nginx/tmp/fastcgi;
    uwsgi_temp_path $dir/nginx/tmp/uwsgi;
    scgi_temp_path $dir/nginx/tmp/scgi;
    include $dir/nginx/bdrc-console.conf;
}
CONF
"$nginx_bin" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 30); do curl -fs "http://127.0.0.1:$proxy_port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
echo "BdrcConsole is running at http://127.0.0.1:$proxy_port (nginx, affinity by the bdrc_route cookie). Ctrl+C stops it all."
wait "${pids[@]}"
