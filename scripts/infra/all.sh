#!/usr/bin/env bash
# The four test servers together: all.sh up|down|status (what `make infra-up` etc. run).
#   up:     fails before starting anything if a port is taken by another process; installs
#           what is missing, starts the servers in parallel, waits until each answers, writes
#           .infra/env. Idempotent: servers already up are left alone.
#   down:   stops what up started (pid files in .infra), waits until they have exited.
#   status: one line per server; exit 1 unless all four are up.
NAME=infra
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
SERVERS=(postgres kafka s3 smtp)

# Runs `<server>.sh $1` for every server in parallel; sets FAILED to the servers that failed.
each() {
  local -A pids
  FAILED=()
  for server in "${SERVERS[@]}"; do
    bash "$HERE/$server.sh" "$1" &
    pids[$server]=$!
  done
  for server in "${SERVERS[@]}"; do
    wait "${pids[$server]}" || FAILED+=("$server")
  done
}

up() {
  local began
  began=$(now_ms)
  rm -f "$STATE/env"
  local blocked=0
  for server in "${SERVERS[@]}"; do
    bash "$HERE/$server.sh" preflight || blocked=1
  done
  if ((blocked)); then
    echo "infra-up: ports taken, nothing started" >&2
    exit 1
  fi
  each start
  if ((${#FAILED[@]})); then
    echo "infra-up FAILED for: ${FAILED[*]} (logs in .infra/<name>.log)." \
      "The servers that did start stay up: make infra-down stops them." >&2
    exit 1
  fi
  cat >"$STATE/env.tmp" <<EOF
export HP_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:$PG_PORT/postgres
export HP_TEST_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
export HP_TEST_S3_ENDPOINT=127.0.0.1:$S3_PORT
export HP_TEST_S3_ACCESS_KEY=$S3_ACCESS_KEY
export HP_TEST_S3_SECRET_KEY=$S3_SECRET_KEY
export HP_TEST_SMTP_HOST=127.0.0.1
export HP_TEST_SMTP_PORT=$SMTP_PORT
export HP_TEST_SMTP_API=http://127.0.0.1:$SMTP_API_PORT
EOF
  mv "$STATE/env.tmp" "$STATE/env"
  echo "infra up in $(took "$began"): source .infra/env"
}

down() {
  local began
  began=$(now_ms)
  rm -f "$STATE/env"
  each stop
  if ((${#FAILED[@]})); then
    echo "infra-down FAILED for: ${FAILED[*]}" >&2
    exit 1
  fi
  echo "infra down in $(took "$began")"
}

status() {
  local failed=0
  for server in "${SERVERS[@]}"; do
    bash "$HERE/$server.sh" status || failed=1
  done
  return "$failed"
}

"${1:?usage: $0 up|down|status}"
