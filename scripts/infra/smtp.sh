#!/usr/bin/env bash
# maildev 2.x, an SMTP capture server: SMTP on 127.0.0.1:51025, web UI and JSON API on
# 127.0.0.1:51080 (see docs/infra.md). Installed with `npm ci` from scripts/infra/maildev/
# (package-lock.json pins every package) into .tools/maildev.
#   smtp.sh start|stop|status|preflight
NAME=smtp
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

DIR=$STATE/smtp
PKG=$TOOLS/maildev
MAILDEV=$PKG/node_modules/maildev/bin/maildev
PORTS=("$SMTP_PORT" "$SMTP_API_PORT")

ready() {
  python3 "$HERE/probe.py" smtp "127.0.0.1:$SMTP_PORT" "http://127.0.0.1:$SMTP_API_PORT" "$@" >/dev/null
}

describe() {
  local version
  version=$(node -p "require('$PKG/node_modules/maildev/package.json').version")
  echo "127.0.0.1:$SMTP_PORT, API :$SMTP_API_PORT  maildev $version"
}

install() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install nodejs npm; fi
  local stamp began
  stamp=$(cat "$HERE/maildev/package.json" "$HERE/maildev/package-lock.json" | sha256sum | cut -c1-16)
  [[ -f $PKG/.lock-$stamp && -x $MAILDEV ]] && return
  began=$(now_ms)
  say "npm ci maildev into ${PKG#"$ROOT/"}"
  rm -rf "$PKG"
  mkdir -p "$PKG"
  cp "$HERE/maildev/package.json" "$HERE/maildev/package-lock.json" "$PKG/"
  npm ci --prefix "$PKG" --omit=dev --no-audit --no-fund --loglevel=error >>"$LOGFILE" 2>&1 \
    || fail_with_log "npm ci failed"
  touch "$PKG/.lock-$stamp"
  say "maildev installed in $(took "$began")"
}

start() {
  local began
  began=$(now_ms)
  already_up && return
  need_ports "${PORTS[@]}"
  install
  mkdir -p "$DIR/mail"
  cd "$DIR"
  setsid node "$MAILDEV" --ip 127.0.0.1 --smtp "$SMTP_PORT" --web-ip 127.0.0.1 \
    --web "$SMTP_API_PORT" --mail-directory "$DIR/mail" >>"$LOGFILE" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  ready --wait 60 --pid "$(<"$PIDFILE")" \
    || fail_with_log "maildev did not answer on 127.0.0.1:$SMTP_PORT and :$SMTP_API_PORT"
  say "up on 127.0.0.1:$SMTP_PORT, API http://127.0.0.1:$SMTP_API_PORT (pid $(<"$PIDFILE")) in $(took "$began")"
}

"${1:?usage: $0 start|stop|status|preflight}"
