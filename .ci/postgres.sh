#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (sourced by test.sh): Debian's packages, installed when missing, a fresh
# cluster in a temp directory on a free loopback port, stopped and removed by pg_stop. Fails loudly when it cannot start.
# Sets GOVERNANCE_TEST_POSTGRES (the connection string the PostgreSQL tests read).

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

pg_start() {
  local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  if [ -z "$(pg_bin)" ]; then
    echo "Installing PostgreSQL (apt-get)…"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  fi
  PG_BIN=$(pg_bin) || { echo "PostgreSQL is not installed and could not be installed: the PostgreSQL tests cannot run." >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/gov-pg.XXXXXX)
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  # The server refuses to run as root: as root, the cluster belongs to the postgres user (the package creates it).
  PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; echo "initdb failed: the PostgreSQL tests cannot run." >&2; return 1; }
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; echo "PostgreSQL did not start: the PostgreSQL tests cannot run." >&2; return 1; }
  export GOVERNANCE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | grep -oE '[0-9]+(\.[0-9]+)?' | head -1) on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
