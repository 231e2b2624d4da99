#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS cluster for tests and benchmarks: initdb
# in a directory of its own, a private port on 127.0.0.1 and a private
# socket directory, no system service, no password (trust, local only).
#
#   eval "$(bash scripts/pg-cluster.sh start DIR [PORT])"   # sets PGURL, PGDIR
#   bash scripts/pg-cluster.sh url DIR                      # prints the URL
#   bash scripts/pg-cluster.sh pids DIR                     # the server's processes
#   bash scripts/pg-cluster.sh restart DIR                  # empties its shared buffers
#   bash scripts/pg-cluster.sh pause DIR                    # stops the server, keeps the data
#   bash scripts/pg-cluster.sh resume DIR                   # starts it again on its port
#   bash scripts/pg-cluster.sh stop DIR                     # stops it, removes DIR
#
# `start` installs Debian's postgresql and postgis when they are missing,
# creates the database `mapwire` with the postgis extension and prints
# shell assignments: PGURL=postgres://postgres@127.0.0.1:PORT/mapwire and
# PGDIR=DIR. PORT defaults to a free one. With PG_CLUSTER_TLS=1, `start`
# also makes a test CA and a server certificate for 127.0.0.1 (only: the
# name `localhost` is not in it) with the openssl CLI (in DIR/tls), turns ssl on and prints PGCA=ca.pem
# (the CA that signed it) and PGOTHERCA=other-ca.pem (a CA that did not). PostgreSQL refuses to run as
# root, so under root the cluster belongs to the `postgres` user.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: $0 start DIR [PORT] | url DIR | pids DIR | restart DIR | pause DIR | resume DIR | stop DIR" >&2
  exit 2
}
[ $# -ge 2 ] || usage
cmd=$1
dir=$2

pg_bin() {
  local v
  for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -rn); do
    if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
      echo "/usr/lib/postgresql/$v/bin"
      return 0
    fi
  done
  return 1
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install_missing() {
  local bin
  bin=$(pg_bin || true)
  local need=()
  [ -n "$bin" ] || need+=(postgresql)
  if [ -z "$bin" ] || ! ls "$("$bin/pg_config" --sharedir)/extension/postgis.control" >/dev/null 2>&1; then
    need+=(postgis)
    if [ -n "$bin" ]; then
      need+=("postgresql-$("$bin/pg_config" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')-postgis-3")
    else
      need+=(postgresql-postgis)
    fi
  fi
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_of() {
  cat "$dir/port"
}

# A CA, a server certificate it signs (for the IP 127.0.0.1 only, so that
# connecting by the name `localhost` tests host-name checks) and an
# unrelated CA, in DIR/tls. Short-lived: they are only for this cluster.
make_certs() {
  local t=$dir/tls ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  command -v openssl >/dev/null || { echo "PG_CLUSTER_TLS needs the openssl CLI" >&2; exit 1; }
  mkdir -p "$t"
  local ca_ext=(-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign")
  openssl req -x509 "${ec[@]}" -days 2 -subj "/CN=mapwire test CA" "${ca_ext[@]}" \
    -keyout "$t/ca.key" -out "$t/ca.pem" 2>/dev/null
  openssl req -x509 "${ec[@]}" -days 2 -subj "/CN=another CA" "${ca_ext[@]}" \
    -keyout "$t/other-ca.key" -out "$t/other-ca.pem" 2>/dev/null
  openssl req "${ec[@]}" -subj "/CN=127.0.0.1" -keyout "$t/server.key" -out "$t/server.csr" 2>/dev/null
  printf '%s\n' "subjectAltName=IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$t/server.ext"
  openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" -CAcreateserial \
    -days 2 -extfile "$t/server.ext" -out "$t/server.pem" 2>/dev/null
  chmod 600 "$t/server.key"
  [ "$(id -u)" != 0 ] || chown -R postgres: "$t"
}

# Starts the server of an initialised cluster on its port (with TLS when
# the cluster has certificates).
run_server() {
  local tls=""
  if [ -f "$dir/tls/server.pem" ]; then
    tls="-c ssl=on -c ssl_cert_file=$dir/tls/server.pem -c ssl_key_file=$dir/tls/server.key"
  fi
  as_owner "$1/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-p $(port_of) -k $dir/socket -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off $tls" \
    >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

url_of() {
  echo "postgres://postgres@127.0.0.1:$(port_of)/mapwire"
}

case "$cmd" in
  start)
    install_missing
    bin=$(pg_bin)
    port=${3:-$(free_port)}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ ! -e "$dir/data" ] || { echo "$dir/data exists: stop that cluster first" >&2; exit 1; }
    mkdir -p "$dir/data" "$dir/socket"
    echo "$port" >"$dir/port"
    [ "$(id -u)" != 0 ] || chown -R postgres: "$dir"
    [ "${PG_CLUSTER_TLS:-}" != 1 ] || make_certs
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    run_server "$bin"
    as_owner "$bin/psql" -h "$dir/socket" -p "$port" -U postgres -q -v ON_ERROR_STOP=1 \
      -c "CREATE DATABASE mapwire" >&2
    as_owner "$bin/psql" -h "$dir/socket" -p "$port" -U postgres -d mapwire -q -v ON_ERROR_STOP=1 \
      -c "CREATE EXTENSION postgis" >&2
    echo "PGDIR=$dir"
    echo "PGURL=$(url_of)"
    if [ -f "$dir/tls/ca.pem" ]; then
      echo "PGCA=$dir/tls/ca.pem"
      echo "PGOTHERCA=$dir/tls/other-ca.pem"
    fi
    ;;
  url)
    url_of
    ;;
  pids)
    # The postmaster and its children.
    main=$(head -1 "$dir/data/postmaster.pid")
    echo "$main"
    ps -o pid= --ppid "$main" | tr -d ' '
    ;;
  restart)
    # pg_ctl restart reuses the options the server was started with.
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
    ;;
  pause)
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
    ;;
  resume)
    dir=$(cd "$dir" && pwd)
    run_server "$(pg_bin)"
    ;;
  stop)
    bin=$(pg_bin)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    usage
    ;;
esac
