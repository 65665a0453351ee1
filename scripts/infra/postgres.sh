#!/usr/bin/env bash
# PostgreSQL 15 on 127.0.0.1:55432, trust auth, fsync off, data in .infra/postgres/data.
#   postgres.sh start|stop|status|preflight
NAME=postgres
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

BIN=/usr/lib/postgresql/15/bin
PORTS=("$PG_PORT")

# As root the server runs as `postgres`, which must reach its data directory. A checkout under
# a private directory (mktemp -d makes 0700 ones) is out of its reach; the cluster then lives
# in /tmp under a name derived from the checkout, so each checkout still has its own.
if [[ $(id -u) == 0 ]] && ! (cd / && runuser -u postgres -- test -x "$ROOT"); then
  WORKDIR=/tmp/hausportal-postgres-$(printf %s "$ROOT" | md5sum | cut -c1-12)
  DATA=$WORKDIR/data
else
  DATA=$STATE/postgres/data
fi

# initdb refuses to run as root: as root, run the server as the `postgres` user.
as_owner() {
  # From /, which postgres can enter whatever the checkout's permissions are.
  if [[ $(id -u) == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

ready() { "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -XAtqc 'select 1' >/dev/null 2>&1; }

describe() { echo "127.0.0.1:$PG_PORT  $("$BIN/postgres" --version)"; }

install() {
  [[ -x $BIN/initdb && -x $BIN/pg_ctl && -x $BIN/psql ]] && return
  apt_install postgresql-15
  # The package creates a default cluster 15/main on port 5432 and starts it where services
  # may start; we never use it, so stop it.
  if pg_lsclusters -h 2>/dev/null | grep -q '^15 *main .*online'; then
    pg_ctlcluster 15 main stop || true
  fi
}

start() {
  local began
  began=$(now_ms)
  already_up && return
  need_ports "${PORTS[@]}"
  install
  mkdir -p "$(dirname "$DATA")"
  if [[ $(id -u) == 0 ]]; then chown postgres: "$(dirname "$DATA")"; fi
  if [[ ! -f $DATA/PG_VERSION ]]; then
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
      >>"$LOGFILE" 2>&1 || fail_with_log "initdb failed"
  fi
  # No Unix socket (TCP on 127.0.0.1 only): nothing to clash with, no socket path limits.
  # The server logs to pg_ctl's stdout, which this shell opens: the log stays in .infra even
  # when the postgres user could not open a file there.
  as_owner "$BIN/pg_ctl" -D "$DATA" -w -t 60 start -o "-p $PG_PORT \
    -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >>"$LOGFILE" 2>&1 \
    || fail_with_log "pg_ctl start failed"
  head -n 1 "$DATA/postmaster.pid" >"$PIDFILE"
  ready || fail_with_log "started but 'select 1' fails on 127.0.0.1:$PG_PORT"
  say "up on 127.0.0.1:$PG_PORT (pid $(<"$PIDFILE")) in $(took "$began")"
}

stop() {
  local began pid
  began=$(now_ms)
  if ! pid=$(our_pid); then
    rm -f "$PIDFILE"
    say "not running"
    return
  fi
  as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null || stop_pid 30
  rm -f "$PIDFILE"
  say "stopped pid $pid in $(took "$began")"
}

"${1:?usage: $0 start|stop|status|preflight}"
