# shellcheck shell=bash disable=SC2034  # the ports and keys below are used by the sourcing scripts
# Shared by scripts/infra/*.sh: ports, credentials, paths and small helpers. Source it after
# setting NAME (the server: postgres, kafka, s3, smtp). Linux only (uses /proc).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/scripts/infra
STATE=$ROOT/.infra   # data dirs, pid files, logs (git-ignored)
TOOLS=$ROOT/.tools   # downloaded jars and npm packages (git-ignored)
mkdir -p "$STATE" "$TOOLS"

# The one place for ports and test credentials; all.sh writes them to .infra/env.
PG_PORT=55432
KAFKA_PORT=59092
KAFKA_CONTROLLER_PORT=59093
S3_PORT=58333
S3_ACCESS_KEY=hausportal-test
S3_SECRET_KEY=hausportal-test-secret-not-for-production
SMTP_PORT=51025
SMTP_API_PORT=51080

PIDFILE=$STATE/$NAME.pid
LOGFILE=$STATE/$NAME.log

say() { echo "$NAME: $*"; }
die() { echo "$NAME: ERROR: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
took() { local ms=$(($(now_ms) - $1)); printf '%d.%01d s' $((ms / 1000)) $((ms % 1000 / 100)); }

# Prints the pid from our pid file if that process is alive, not a zombie, and ours: its
# working directory is under .infra/NAME (every server is started there), so a recycled pid
# is never mistaken for our server. Fails otherwise.
our_pid() {
  local pid cwd
  [[ -f $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  [[ -r /proc/$pid/stat && $(awk '{print $3}' "/proc/$pid/stat") != Z ]] || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 1
  # A server's working directory is under its own directory (WORKDIR if the script moved it).
  local home=${WORKDIR:-$STATE/$NAME}
  [[ $cwd == "$home" || $cwd == "$home/"* ]] || return 1
  echo "$pid"
}

# Fails naming the port and the process holding it, unless all these ports are free.
need_ports() {
  local holder
  if holder=$(python3 "$HERE/probe.py" owner "$@"); then
    die "cannot start: $holder, which is not our $NAME server: stop it or free the port"
  fi
}

# True, saying so, when our server is running and answering (the per-server `ready` function).
already_up() {
  local pid
  pid=$(our_pid) || return 1
  ready --wait 30 || die "pid $pid is ours but does not answer on ${PORTS[0]}, see $LOGFILE"
  say "already up (pid $pid)"
}

# One line: name, pid, address, RSS, version (the per-server `describe` function).
status() {
  local pid
  if ! pid=$(our_pid) || ! ready; then
    printf '%-9s down\n' "$NAME"
    return 1
  fi
  printf '%-9s up  pid %-7s %4s MB  %s\n' "$NAME" "$pid" "$(rss_mb "$pid")" "$(describe)"
}

stop() { stop_pid 30; }

# Before starting anything: fail if a port of this server is taken while it is not up.
preflight() { our_pid >/dev/null || need_ports "${PORTS[@]}"; }

# SIGTERM our pid, wait up to $1 seconds for it to exit, then SIGKILL. Idempotent.
stop_pid() {
  local pid began
  began=$(now_ms)
  if ! pid=$(our_pid); then
    rm -f "$PIDFILE"
    say "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < ${1:-30} * 10; i++)); do
    our_pid >/dev/null || break
    sleep 0.1
  done
  if our_pid >/dev/null; then
    say "pid $pid still alive after ${1:-30} s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PIDFILE"
  say "stopped pid $pid in $(took "$began")"
}

# Sum of RSS in MB of a pid and its direct children (PostgreSQL backends, for instance).
rss_mb() {
  ps -o rss= --pid "$1" --ppid "$1" 2>/dev/null | awk '{s += $1} END {printf "%d", s / 1024}'
}

# apt-get install, one at a time (the servers install in parallel) and only as root.
apt_install() {
  [[ $(id -u) == 0 ]] || die "missing $*: install with: sudo apt-get install -y $*"
  say "apt-get install -y $*"
  (
    flock 9
    export DEBIAN_FRONTEND=noninteractive
    apt-get -qq update
    apt-get -qq install -y -o DPkg::Lock::Timeout=300 "$@"
  ) 9>"$STATE/apt.lock" >>"$LOGFILE" 2>&1 || die "apt-get install $* failed, see $LOGFILE"
}

# Logs the tail of our log and fails.
fail_with_log() {
  echo "--- last lines of $LOGFILE:" >&2
  tail -n 20 "$LOGFILE" >&2 || true
  die "$1"
}
