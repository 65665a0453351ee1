#!/usr/bin/env bash
# `make test`: start the real infrastructure (unless it is up already), lint, check the Helm
# chart, run every test with real servers required, and stop what this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
began=$(date +%s)

started_infra=0
if ! make --no-print-directory -s infra-status >/dev/null 2>&1; then
  started_infra=1
fi
stop_infra() {
  if [ "$started_infra" = 1 ]; then make --no-print-directory -s infra-down || true; fi
}
trap stop_infra EXIT

make --no-print-directory infra-up
# shellcheck disable=SC1091
source .infra/env

echo "== lint"
make --no-print-directory lint
echo "== helm"
make --no-print-directory helm-check

echo "== pytest"
set +e
HP_REQUIRE_INFRA=1 python -m pytest -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
echo "make test took $(( $(date +%s) - began )) s"
exit "$status"
